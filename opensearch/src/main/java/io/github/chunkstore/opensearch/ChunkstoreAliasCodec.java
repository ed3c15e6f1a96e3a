package io.github.chunkstore.opensearch;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.ChunkstoreStoredFieldsFormat;
import java.util.Set;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.opensearch.common.settings.Setting;
import org.opensearch.index.codec.CodecAliases;
import org.opensearch.index.codec.CodecSettings;

/**
 * Makes OpenSearch accept the plugin's index.codec values. The setting's parser accepts, besides
 * its built-in values, only Lucene SPI codec names and the {@link CodecAliases#aliases()} of SPI
 * codecs, so the values must be aliases of a codec registered through SPI. An index with one of
 * them gets its codec from {@link ChunkstorePlugin#getAdditionalCodecs}, never this one.
 *
 * <p>Its SPI name is its own, so that every name has one registration ({@code Chunkstore104} is the
 * codec jar's). Like every SPI name, OpenSearch also accepts it as an index.codec value: such an
 * index writes Chunkstore's BEST_SPEED over Lucene's plain default codec, without the per-field
 * formats of the mappings, and its segments record this name. The number pins the base codec, as in
 * the codec jar's names.
 */
public final class ChunkstoreAliasCodec extends FilterCodec implements CodecAliases, CodecSettings {
  /** The SPI name. */
  public static final String NAME = "ChunkstoreOpenSearch104";

  private final StoredFieldsFormat storedFields =
      new ChunkstoreStoredFieldsFormat(ChunkstoreCodec.Mode.BEST_SPEED);

  /** For SPI. */
  public ChunkstoreAliasCodec() {
    super(NAME, new Lucene104Codec());
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }

  @Override
  public Set<String> aliases() {
    return ChunkstoreModes.codecValues();
  }

  /** No index.codec.* setting changes a mode, so OpenSearch refuses them all at index creation. */
  @Override
  public boolean supports(Setting<?> setting) {
    return false;
  }
}
