/**
 * Chunkstore: a compressing stored-fields format for Apache Lucene, packaged as the codec {@link
 * io.github.chunkstore.ChunkstoreCodec} (SPI name {@code Chunkstore}).
 */
module io.github.chunkstore {
  // Transitive: the public API's types (Codec, StoredFieldsFormat, StoredFieldsReader) are
  // Lucene's.
  requires transitive org.apache.lucene.core;
  requires com.github.luben.zstd_jni;

  // The public API is the codec, its Mode, the stored-fields format and ChunkstoreStats; the
  // format, index and compression packages are internal.
  exports io.github.chunkstore;

  provides org.apache.lucene.codecs.Codec with
      io.github.chunkstore.ChunkstoreCodec;
}
