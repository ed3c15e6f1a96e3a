package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.annotations.Seed;
import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code BEST_SPEED} under a fixed
 * seed ({@link FixedSeedConformanceBase}).
 */
@Seed("DEADBEEF")
@ConformanceMode(ChunkstoreCodec.Mode.BEST_SPEED)
public class TestBestSpeedStoredFieldsFormatFixedSeed extends FixedSeedConformanceBase {}
