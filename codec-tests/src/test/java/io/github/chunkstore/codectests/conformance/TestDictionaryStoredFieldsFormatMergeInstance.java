package io.github.chunkstore.codectests.conformance;

import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code DICTIONARY}, reading
 * through the codec's merge instances ({@code getMergeInstance()}, which keep a decompressed chunk
 * and serve its documents in order) wherever the suite opens a reader.
 */
@ConformanceMode(ChunkstoreCodec.Mode.DICTIONARY)
public class TestDictionaryStoredFieldsFormatMergeInstance extends ChunkstoreConformanceBase {

  @Override
  protected boolean shouldTestMergeInstance() {
    return true;
  }
}
