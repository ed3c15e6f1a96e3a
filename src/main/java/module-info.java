/**
 * Chunkstore: a compressing stored-fields format for Apache Lucene, packaged as the codec {@link
 * io.github.chunkstore.ChunkstoreCodec} (SPI name {@code Chunkstore}), and the {@code chunkstore}
 * command-line tool.
 */
module io.github.chunkstore {
  requires transitive org.apache.lucene.core;
  requires com.github.luben.zstd_jni;
  // Demo and the tool set Lucene's logging; the benchmark (tools.bench) draws its chart (PNG) with
  // java.desktop and reads the machine's memory for its report through jdk.management.
  requires java.logging;
  requires java.desktop;
  requires java.management;
  requires jdk.management;
  // The command-line tool only: optional dependencies, bundled in the -tool jar.
  requires static info.picocli;
  requires static me.tongfei.progressbar;

  // The public API is the codec, its Mode, the stored-fields format and ChunkstoreStats; the
  // format, index and compression packages are internal.
  exports io.github.chunkstore;
  exports io.github.chunkstore.tools;
  exports io.github.chunkstore.tools.bench;
  exports io.github.chunkstore.tools.cli;

  // picocli sets the commands' annotated fields by reflection.
  opens io.github.chunkstore.tools.cli to info.picocli;

  provides org.apache.lucene.codecs.Codec with io.github.chunkstore.ChunkstoreCodec;
}
