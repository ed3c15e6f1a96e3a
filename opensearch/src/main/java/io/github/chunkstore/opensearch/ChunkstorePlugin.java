package io.github.chunkstore.opensearch;

import io.github.chunkstore.ChunkstoreCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.lucene.codecs.Codec;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.codec.AdditionalCodecs;
import org.opensearch.index.mapper.MapperService;
import org.opensearch.plugins.EnginePlugin;
import org.opensearch.plugins.Plugin;

/**
 * Adds the index.codec values {@code chunkstore_best_speed}, {@code chunkstore_best_compression}
 * and {@code chunkstore_dictionary}, one per {@link ChunkstoreCodec.Mode}.
 */
public final class ChunkstorePlugin extends Plugin implements EnginePlugin {

  /** For OpenSearch's plugin loader. */
  public ChunkstorePlugin() {}

  @Override
  public Optional<AdditionalCodecs> getAdditionalCodecs(IndexSettings indexSettings) {
    return Optional.of(ChunkstorePlugin::codecsFor);
  }

  /**
   * One codec per mode over the index's default codec, which the engine builds from the index's
   * mappings; called for every index, whatever its index.codec.
   */
  static Map<String, Codec> codecsFor(
      MapperService mapperService, IndexSettings indexSettings, Supplier<Codec> engineDefault) {
    Map<String, Codec> codecs = new LinkedHashMap<>();
    for (Map.Entry<String, ChunkstoreCodec.Mode> e : ChunkstoreModes.BY_CODEC_VALUE.entrySet()) {
      codecs.put(e.getKey(), new ChunkstoreIndexCodec(e.getValue(), engineDefault.get()));
    }
    return codecs;
  }
}
