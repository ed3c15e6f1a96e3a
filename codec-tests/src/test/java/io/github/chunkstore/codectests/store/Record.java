package io.github.chunkstore.codectests.store;

import io.github.chunkstore.codectests.support.FieldValue;
import java.util.List;
import java.util.Objects;

/**
 * One application record: a unique id and its payload, an ordered list of typed values. The payload
 * may be empty.
 */
public record Record(String id, List<FieldValue> payload) {

  public Record {
    Objects.requireNonNull(id, "id");
    payload = List.copyOf(payload);
    for (FieldValue value : payload) {
      if (value.name().equals(RecordStore.ID_FIELD)) {
        throw new IllegalArgumentException(
            "payload field may not be named " + RecordStore.ID_FIELD);
      }
    }
  }
}
