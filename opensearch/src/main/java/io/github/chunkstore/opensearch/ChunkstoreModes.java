package io.github.chunkstore.opensearch;

import io.github.chunkstore.ChunkstoreCodec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The index.codec values of the plugin: {@code chunkstore_} and a mode's name in lower case. */
final class ChunkstoreModes {
  static final String PREFIX = "chunkstore_";

  /**
   * Each index.codec value and the mode it writes, in the order of {@link ChunkstoreCodec.Mode}.
   */
  static final Map<String, ChunkstoreCodec.Mode> BY_CODEC_VALUE = byCodecValue();

  private ChunkstoreModes() {}

  static Set<String> codecValues() {
    return BY_CODEC_VALUE.keySet();
  }

  static String codecValue(ChunkstoreCodec.Mode mode) {
    return PREFIX + mode.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, ChunkstoreCodec.Mode> byCodecValue() {
    Map<String, ChunkstoreCodec.Mode> values = new LinkedHashMap<>();
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      values.put(codecValue(mode), mode);
    }
    return Collections.unmodifiableMap(values);
  }
}
