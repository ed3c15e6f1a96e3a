package io.github.chunkstore.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chunkstore get INDEX DOCID...}: documents' stored fields as JSON. */
@Command(
    name = "get",
    header = "Prints documents' stored fields as JSON.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints each document's stored fields as one JSON object per line:"
          + " {\"_doc\":ID,\"field\":value,...}. Numbers print as numbers, binary values as base64"
          + " strings, a field stored several times as an array.",
      "DOCID is Lucene's index-wide document number (0 to maxDoc-1); deleted documents print too."
    })
final class GetCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INDEX", description = "The index directory.")
  Path index;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "DOCID",
      description = "Document numbers.")
  List<Integer> docIDs;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Directory dir = Indexes.openDirectory(index);
        DirectoryReader reader = Indexes.openReader(dir)) {
      for (int docID : docIDs) {
        if (docID < 0 || docID >= reader.maxDoc()) {
          throw new Errors.UserError(
              "no document " + docID + ": the index has documents 0 to " + (reader.maxDoc() - 1));
        }
      }
      StoredFields storedFields = reader.storedFields();
      for (int docID : docIDs) {
        out.println(StoredValues.read(storedFields, docID).toJson(docID));
      }
    }
    out.flush();
    return 0;
  }
}
