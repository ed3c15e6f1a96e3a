package io.github.chunkstore.benchmarks;

import java.util.Locale;

/** How a row becomes a document. */
public enum DataShape {
  /** One stored field per column; GeoNames' id, latitude, longitude and population as numbers. */
  FIELDS,
  /**
   * One binary field {@value BenchData#SOURCE_FIELD} holding the row as JSON, as Elasticsearch
   * stores it.
   */
  JSON;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DataShape byId(String id) {
    for (DataShape shape : values()) {
      if (shape.id().equals(id)) {
        return shape;
      }
    }
    throw new IllegalArgumentException("unknown shape '" + id + "'; known: fields, json");
  }
}
