package io.github.chunkstore.codectests.conformance;

import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code BEST_COMPRESSION}, with a
 * new random seed every run (printed, with a Maven reproduce line, on failure).
 */
@ConformanceMode(ChunkstoreCodec.Mode.BEST_COMPRESSION)
public class TestBestCompressionStoredFieldsFormat extends ChunkstoreConformanceBase {}
