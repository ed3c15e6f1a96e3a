package io.github.chunkstore.codectests.conformance;

import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code BEST_COMPRESSION} with
 * random small chunks, blocks and dictionary threshold ({@link
 * io.github.chunkstore.codectests.support.RandomChunkingCodec}), drawn anew from every test's seed.
 */
@ConformanceMode(value = ChunkstoreCodec.Mode.BEST_COMPRESSION, randomChunking = true)
public class TestBestCompressionStoredFieldsFormatRandomChunking
    extends ChunkstoreConformanceBase {}
