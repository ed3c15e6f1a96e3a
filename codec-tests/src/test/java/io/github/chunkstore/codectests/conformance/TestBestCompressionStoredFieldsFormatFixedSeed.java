package io.github.chunkstore.codectests.conformance;

import com.carrotsearch.randomizedtesting.annotations.Seed;
import io.github.chunkstore.ChunkstoreCodec;

/**
 * Lucene's stored-fields conformance suite against Chunkstore in {@code BEST_COMPRESSION} under a
 * fixed seed ({@link FixedSeedConformanceBase}).
 */
@Seed("8BADF00D")
@ConformanceMode(ChunkstoreCodec.Mode.BEST_COMPRESSION)
public class TestBestCompressionStoredFieldsFormatFixedSeed extends FixedSeedConformanceBase {}
