package io.github.chunkstore.format;

import io.github.chunkstore.compression.ZstdDictionary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionaries a segment's chunks name, gathered while they are written or copied, for its meta
 * file. The merge planner ({@link MergeDictionaries}) never brings two dictionaries of one id
 * together, nor more than {@link SegmentDictionaries#MAX_DICTIONARIES}: either would make the
 * segment unreadable, so both are checked again here.
 */
final class NamedDictionaries {

  private final Map<Integer, ZstdDictionary> byId = new LinkedHashMap<>();

  /** Records that a chunk of the segment names {@code d}. */
  void add(ZstdDictionary d) {
    ZstdDictionary known = byId.putIfAbsent(d.id(), d);
    if (known != null && !known.sameContent(d)) {
      throw new IllegalStateException("two different dictionaries share the id " + d.id());
    }
    if (byId.size() > SegmentDictionaries.MAX_DICTIONARIES) {
      throw new IllegalStateException(
          "more than " + SegmentDictionaries.MAX_DICTIONARIES + " dictionaries in one segment");
    }
  }

  /** Their bytes, in the order they were first named. */
  List<byte[]> bytes() {
    List<byte[]> list = new ArrayList<>();
    for (ZstdDictionary d : byId.values()) {
      list.add(d.bytes());
    }
    return list;
  }
}
