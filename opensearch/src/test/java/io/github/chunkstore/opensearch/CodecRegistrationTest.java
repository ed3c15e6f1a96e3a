package io.github.chunkstore.opensearch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.junit.Test;
import org.opensearch.index.codec.CodecAliases;
import org.opensearch.index.codec.CodecSettings;
import org.opensearch.index.engine.EngineConfig;

/** The plugin's codecs without a node: SPI registrations, aliases and what each codec delegates. */
public class CodecRegistrationTest {

  @Test
  public void everyCodecNameIsRegisteredOnce() {
    Map<String, Integer> registrations = new HashMap<>();
    for (ServiceLoader.Provider<Codec> provider :
        ServiceLoader.load(Codec.class).stream().toList()) {
      registrations.merge(provider.get().getName(), 1, Integer::sum);
    }
    assertEquals(Integer.valueOf(1), registrations.get(ChunkstoreCodec.NAME));
    assertEquals(Integer.valueOf(1), registrations.get(ChunkstoreAliasCodec.NAME));
    registrations.forEach((name, count) -> assertEquals(name, Integer.valueOf(1), count));
  }

  @Test
  public void theAliasesAreTheModesInLowerCase() {
    Codec codec = Codec.forName(ChunkstoreAliasCodec.NAME);
    assertTrue(codec instanceof CodecAliases);
    assertEquals(
        List.of("chunkstore_best_speed", "chunkstore_best_compression", "chunkstore_dictionary"),
        List.copyOf(((CodecAliases) codec).aliases()));
    assertTrue(codec instanceof CodecSettings);
    assertTrue(
        !((CodecSettings) codec).supports(EngineConfig.INDEX_CODEC_COMPRESSION_LEVEL_SETTING));
  }

  @Test
  public void eachIndexCodecReplacesOnlyStoredFields() {
    Codec engineDefault = new Lucene104Codec();
    Map<String, Codec> codecs = ChunkstorePlugin.codecsFor(null, null, () -> engineDefault);
    assertEquals(ChunkstoreModes.codecValues(), codecs.keySet());
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      Codec codec = codecs.get(ChunkstoreModes.codecValue(mode));
      assertEquals(ChunkstoreCodec.NAME, codec.getName());
      assertTrue(codec.storedFieldsFormat() instanceof ChunkstoreStoredFieldsFormat);
      assertEquals(mode, ((ChunkstoreStoredFieldsFormat) codec.storedFieldsFormat()).mode());
      assertSame(engineDefault.postingsFormat(), codec.postingsFormat());
      assertSame(engineDefault.docValuesFormat(), codec.docValuesFormat());
      // Lucene104Codec makes a new points format on each call: compare the classes.
      assertEquals(engineDefault.pointsFormat().getClass(), codec.pointsFormat().getClass());
      assertSame(engineDefault.knnVectorsFormat(), codec.knnVectorsFormat());
      assertSame(engineDefault.segmentInfoFormat(), codec.segmentInfoFormat());
    }
  }
}
