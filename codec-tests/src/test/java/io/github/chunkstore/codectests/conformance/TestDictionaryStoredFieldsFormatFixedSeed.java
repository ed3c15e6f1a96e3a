package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.annotations.Seed;
import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code DICTIONARY} under a fixed
 * seed ({@link FixedSeedConformanceBase}).
 */
@Seed("8BADF00D")
@ConformanceMode(ChunkstoreCodec.Mode.DICTIONARY)
public class TestDictionaryStoredFieldsFormatFixedSeed extends FixedSeedConformanceBase {}
