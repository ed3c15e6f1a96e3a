package io.github.chunkstore.tools.cli;

import io.github.chunkstore.ChunkstoreCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.Sort;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chunkstore convert SRC DST}: rewrites an index with Chunkstore's (or Lucene's) stored
 * fields.
 */
@Command(
    name = "convert",
    header = "Rewrites an index with Chunkstore (or Lucene104) stored fields.",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrites any index this Lucene reads into DST with Chunkstore stored fields (or, with --to"
          + " lucene, Lucene104's), segment by segment through IndexWriter.addIndexes, then checks"
          + " that every live document of SRC reads back identical, in order, from DST.",
      "Deleted documents are dropped; segments keep their order (no merges). DST must be empty or"
          + " missing. SRC is only read."
    })
final class ConvertCommand implements Callable<Integer> {

  /** The stored-fields format to convert to. */
  enum Target {
    /** {@link ChunkstoreCodec}. */
    chunkstore,
    /** {@link Lucene104Codec}. */
    lucene
  }

  @Parameters(index = "0", paramLabel = "SRC", description = "The index to read.")
  Path source;

  @Parameters(
      index = "1",
      paramLabel = "DST",
      description = "The directory to write the new index to.")
  Path destination;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "Chunkstore's mode, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); with --to"
              + " lucene, Lucene104's mode of the same name.")
  ChunkstoreCodec.Mode mode = ChunkstoreCodec.Mode.BEST_SPEED;

  @Option(
      names = "--to",
      paramLabel = "FORMAT",
      description = "chunkstore or lucene (default: ${DEFAULT-VALUE}).")
  Target target = Target.chunkstore;

  @Option(
      names = "--no-progress",
      description = "No progress bar (it is shown only on a terminal anyway).")
  boolean noProgress;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Codec codec =
        target == Target.chunkstore
            ? new ChunkstoreCodec(mode)
            : new Lucene104Codec(luceneMode(mode));
    String label = target == Target.chunkstore ? "Chunkstore " + mode : "Lucene104 " + mode;
    if (Files.exists(destination) && Files.isSameFile(source, destination)) {
      throw new Errors.UserError("SRC and DST are the same directory");
    }
    try (Directory src = Indexes.openDirectory(source);
        DirectoryReader reader = Indexes.openReader(src)) {
      Files.createDirectories(destination);
      try (Directory dst = FSDirectory.open(destination)) {
        if (DirectoryReader.indexExists(dst)) {
          throw new Errors.UserError(
              destination + " already holds an index; give an empty or new directory");
        }
        long live = reader.numDocs();
        try (IndexWriter writer = new IndexWriter(dst, config(codec, reader));
            Progress bar = Progress.start("convert", live, "docs", !noProgress)) {
          for (LeafReaderContext leaf : reader.leaves()) {
            // One call per segment: the segment is re-encoded through the new codec, in order.
            writer.addIndexes((CodecReader) leaf.reader());
            bar.stepBy(leaf.reader().numDocs());
          }
          writer.commit();
        }
        int segments = reader.leaves().size();
        out.printf(
            "convert: wrote %,d documents in %,d segment%s to %s (%s)%n",
            live, segments, segments == 1 ? "" : "s", destination, label);
        out.flush();
        verify(reader, dst, out);
      }
    }
    return 0;
  }

  /** Lucene104's mode named like {@code mode}. */
  private static Lucene104Codec.Mode luceneMode(ChunkstoreCodec.Mode mode) {
    for (Lucene104Codec.Mode lucene : Lucene104Codec.Mode.values()) {
      if (lucene.name().equals(mode.name())) {
        return lucene;
      }
    }
    throw new Errors.UserError(
        "Lucene104 has no mode "
            + mode
            + "; with --to lucene, --mode is one of "
            + java.util.Arrays.toString(Lucene104Codec.Mode.values()));
  }

  private static IndexWriterConfig config(Codec codec, DirectoryReader reader) {
    IndexWriterConfig config =
        new IndexWriterConfig()
            .setCodec(codec)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setMergePolicy(NoMergePolicy.INSTANCE)
            .setMergeScheduler(new SerialMergeScheduler());
    Sort sort =
        reader.leaves().isEmpty() ? null : reader.leaves().get(0).reader().getMetaData().sort();
    if (sort != null) {
      config.setIndexSort(sort);
    }
    return config;
  }

  /** Every live document of SRC against DST's documents, in order. */
  private void verify(DirectoryReader sourceReader, Directory dst, PrintWriter out)
      throws IOException {
    try (DirectoryReader dstReader = DirectoryReader.open(dst);
        Progress bar = Progress.start("verify", sourceReader.numDocs(), "docs", !noProgress)) {
      if (dstReader.numDocs() != sourceReader.numDocs()) {
        throw new Errors.UserError(
            "verification failed: DST has "
                + dstReader.numDocs()
                + " documents, SRC "
                + sourceReader.numDocs());
      }
      StoredFields dstFields = dstReader.storedFields();
      int dstDoc = 0;
      for (LeafReaderContext leaf : sourceReader.leaves()) {
        LeafReader leafReader = leaf.reader();
        StoredFields srcFields = leafReader.storedFields();
        Bits liveDocs = leafReader.getLiveDocs();
        for (int doc = 0; doc < leafReader.maxDoc(); doc++) {
          if (liveDocs != null && !liveDocs.get(doc)) {
            continue;
          }
          if (!StoredValues.read(srcFields, doc).sameAs(StoredValues.read(dstFields, dstDoc))) {
            throw new Errors.UserError(
                "verification failed: document "
                    + (leaf.docBase + doc)
                    + " of SRC differs from document "
                    + dstDoc
                    + " of DST");
          }
          dstDoc++;
        }
        bar.stepBy(leafReader.numDocs());
      }
    }
    out.printf(
        "convert: verified: all %,d documents have identical stored fields%n",
        sourceReader.numDocs());
  }
}
