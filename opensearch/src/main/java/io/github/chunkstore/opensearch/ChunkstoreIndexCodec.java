package io.github.chunkstore.opensearch;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;

/**
 * The codec of an index with {@code index.codec: chunkstore_<mode>}: the engine's default codec for
 * that index, with the per-field postings and doc values formats its mappings ask for (completion
 * fields, for example), and Chunkstore's stored fields in one mode.
 *
 * <p>Segments record the codec jar's SPI name, {@value ChunkstoreCodec#NAME}, and Lucene reopens
 * them with that codec: Lucene104Codec, whose per-field formats find the formats each field was
 * written with in the field's attributes, and a Chunkstore stored-fields reader, which reads every
 * mode. So the name may be shared: nothing but the name is recorded.
 */
final class ChunkstoreIndexCodec extends FilterCodec {
  private final ChunkstoreCodec.Mode mode;
  private final StoredFieldsFormat storedFields;

  ChunkstoreIndexCodec(ChunkstoreCodec.Mode mode, Codec engineDefault) {
    super(ChunkstoreCodec.NAME, engineDefault);
    this.mode = mode;
    this.storedFields = new ChunkstoreStoredFieldsFormat(mode);
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + mode + " over " + delegate + ")";
  }
}
