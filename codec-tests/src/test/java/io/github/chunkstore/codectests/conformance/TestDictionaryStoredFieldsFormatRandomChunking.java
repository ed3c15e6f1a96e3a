package io.github.chunkstore.codectests.conformance;

import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code DICTIONARY} with random
 * small chunks, blocks and dictionary threshold ({@link
 * io.github.chunkstore.codectests.support.RandomChunkingCodec}), drawn anew from every test's seed.
 */
@ConformanceMode(value = ChunkstoreCodec.Mode.DICTIONARY, randomChunking = true)
public class TestDictionaryStoredFieldsFormatRandomChunking extends ChunkstoreConformanceBase {}
