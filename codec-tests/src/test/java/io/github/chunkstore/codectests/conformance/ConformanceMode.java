package io.github.chunkstore.codectests.conformance;

import io.github.chunkstore.ChunkstoreCodec;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The mode a conformance suite runs the codec in. An annotation rather than a method so that the
 * coverage check can read it without initializing Lucene's test framework.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConformanceMode {
  ChunkstoreCodec.Mode value();

  /**
   * True to run the suite against {@link
   * io.github.chunkstore.codectests.support.RandomChunkingCodec} (small random chunks, blocks and
   * dictionary threshold, drawn anew for every test) rather than the codec as shipped.
   */
  boolean randomChunking() default false;
}
