package io.github.chunkstore.tools.cli;

import io.github.chunkstore.ChunkstoreStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chunkstore check INDEX}: Lucene's CheckIndex, then Chunkstore's own verification. */
@Command(
    name = "check",
    header = "Checks an index: CheckIndex plus Chunkstore's own verification.",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lucene's CheckIndex at MIN_LEVEL_FOR_INTEGRITY_CHECKS (every file's checksum, every"
          + " stored document decoded), then, for each Chunkstore segment, its own checkIntegrity()"
          + " and a read of every document.",
      "Exits 0 when the index is clean, 1 when not, naming each damaged segment."
    })
final class CheckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INDEX", description = "The index directory.")
  Path index;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean verbose = ((ChunkstoreCommand) spec.root().userObject()).verbose;
    List<String> problems = new ArrayList<>();
    try (Directory dir = Indexes.openDirectory(index)) {
      requireCodecs(dir);
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      CheckIndex.Status status;
      try (CheckIndex checker = new CheckIndex(dir)) {
        checker.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS);
        checker.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8), verbose);
        status = checker.checkIndex();
      }
      if (verbose) {
        out.print(log.toString(StandardCharsets.UTF_8));
      }
      if (status.missingSegments) {
        problems.add("the segments file or a file it names is missing");
      }
      for (CheckIndex.Status.SegmentInfoStatus segment : status.segmentInfos) {
        if (segment.error != null) {
          problems.add("segment " + segment.name + " is damaged: " + Errors.message(segment.error));
        } else {
          out.printf(
              "segment %s (%s, %,d docs): CheckIndex OK%n",
              segment.name, segment.codec.getName(), segment.maxDoc);
        }
      }
      if (!status.clean && problems.isEmpty()) {
        problems.add("CheckIndex found the index not clean (--verbose prints its output)");
      }
      if (problems.isEmpty()) {
        verifyChunkstore(dir, out, problems);
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    for (String problem : problems) {
      err.println("check: " + problem);
    }
    out.println(
        problems.isEmpty() ? "check: " + index + " is clean" : "check: " + index + " is NOT clean");
    out.flush();
    err.flush();
    return problems.isEmpty() ? 0 : ChunkstoreCommand.FAILURE;
  }

  /**
   * Reads the latest commit first, so that a codec missing from the class path is reported as such
   * (CheckIndex would only say it cannot read the segments file). Other failures to read the commit
   * are left to CheckIndex, which reports them as damage.
   */
  private static void requireCodecs(Directory dir) throws IOException {
    try {
      SegmentInfos.readLatestCommit(dir);
    } catch (IOException | RuntimeException e) {
      if (Errors.missingCodec(e) != null) {
        throw e;
      }
    }
  }

  /** Chunkstore's checksums, then every document of every Chunkstore segment read back. */
  private static void verifyChunkstore(Directory dir, PrintWriter out, List<String> problems)
      throws IOException {
    try (DirectoryReader reader = Indexes.openReader(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        SegmentReader segment = (SegmentReader) leaf.reader();
        StoredFieldsReader fields = segment.getFieldsReader();
        ChunkstoreStats stats = ChunkstoreStats.of(fields).orElse(null);
        if (stats == null) {
          continue;
        }
        String name = segment.getSegmentName();
        try {
          fields.checkIntegrity();
          StoredFieldsReader clone = fields.clone();
          for (int doc = 0; doc < stats.numDocs(); doc++) {
            clone.document(doc, new org.apache.lucene.document.DocumentStoredFieldVisitor());
          }
          out.printf(
              "segment %s: Chunkstore %s, %,d docs in %,d chunks: checksums OK, every document read%n",
              name, stats.mode(), stats.numDocs(), stats.numChunks());
        } catch (Exception e) {
          problems.add("segment " + name + " is damaged: " + Errors.message(e));
        }
      }
    }
  }
}
