package io.github.chunkstore.benchmarks;

import io.github.chunkstore.ChunkstoreCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;

/**
 * A stored-fields format the benchmark measures: every Chunkstore mode and both Lucene104 modes.
 *
 * @param id the command-line name, such as {@code chunkstore-best-speed}
 * @param label the name shown in tables, such as {@code Chunkstore BEST_SPEED}
 * @param chunkstoreMode the Chunkstore mode, or null for a Lucene format
 * @param luceneMode the Lucene mode, or null for a Chunkstore format
 */
public record BenchFormat(
    String id, String label, ChunkstoreCodec.Mode chunkstoreMode, Lucene104Codec.Mode luceneMode) {

  private static final Set<String> CHUNKSTORE_EXTENSIONS = Set.of("csd", "csx", "csm");
  private static final Set<String> LUCENE_EXTENSIONS = Set.of("fdt", "fdx", "fdm");

  /** Every format, Chunkstore's modes first. */
  public static List<BenchFormat> all() {
    List<BenchFormat> formats = new ArrayList<>();
    for (ChunkstoreCodec.Mode mode : ChunkstoreCodec.Mode.values()) {
      formats.add(
          new BenchFormat("chunkstore-" + slug(mode.name()), "Chunkstore " + mode, mode, null));
    }
    for (Lucene104Codec.Mode mode : Lucene104Codec.Mode.values()) {
      formats.add(new BenchFormat("lucene-" + slug(mode.name()), "Lucene104 " + mode, null, mode));
    }
    return formats;
  }

  /** The format with this command-line id. */
  public static BenchFormat byId(String id) {
    for (BenchFormat format : all()) {
      if (format.id.equals(id)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + id + "'; known: " + all().stream().map(BenchFormat::id).toList());
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean isChunkstore() {
    return chunkstoreMode != null;
  }

  /** A new codec instance. */
  public Codec codec() {
    return isChunkstore() ? new ChunkstoreCodec(chunkstoreMode) : new Lucene104Codec(luceneMode);
  }

  /** File extensions of this format's stored-fields files, whose sizes are counted. */
  public Set<String> storedFieldsExtensions() {
    return isChunkstore() ? CHUNKSTORE_EXTENSIONS : LUCENE_EXTENSIONS;
  }
}
