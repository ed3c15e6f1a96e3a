package io.github.chunkstore.benchmarks;

import java.util.Locale;

/** How the benchmark indexes: the two situations a stored-fields format meets in practice. */
public enum Regime {
  /** Few large segments: a flush every ~10% of the documents, then {@code forceMerge(1)}. */
  BULK("few large segments: a flush every 10% of the docs, then forceMerge(1)"),
  /**
   * Many tiny segments: {@code maxBufferedDocs=100}, the default merge policy and a serial merge
   * scheduler, which stresses incomplete chunks and the bulk-copy merge path.
   */
  TINY("many tiny segments: maxBufferedDocs=100, default merge policy, SerialMergeScheduler");

  private final String description;

  Regime(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Regime byId(String id) {
    for (Regime regime : values()) {
      if (regime.id().equals(id)) {
        return regime;
      }
    }
    throw new IllegalArgumentException("unknown regime '" + id + "'; known: bulk, tiny");
  }
}
