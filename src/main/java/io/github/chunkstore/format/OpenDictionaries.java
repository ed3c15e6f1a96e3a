package io.github.chunkstore.format;

import io.github.chunkstore.compression.ZstdDictionary;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionaries that the open segments of one format instance hold, each held once. Segments of
 * one index usually store the same dictionary ({@link DictionaryChoice} reuses the last one while
 * it compresses about as well, and merges copy chunks with theirs), and readers open through the
 * codec's single format instance, so an index of twenty segments digests its dictionary once
 * instead of twenty times. A dictionary is freed when the last segment holding it closes.
 *
 * <p>The memory of a shared dictionary is attributed to its holders in proportion to their stored
 * bytes: the attributions add up to what is held, and a small segment that shares a large segment's
 * dictionary is charged for the small part of it that it uses.
 */
final class OpenDictionaries {

  private static final class Entry {
    final ZstdDictionary dictionary;
    int holders;
    long holderBytes;

    Entry(ZstdDictionary dictionary) {
      this.dictionary = dictionary;
    }
  }

  /** One segment's hold on a dictionary; closing it lets the dictionary go with its last holder. */
  final class Hold implements Closeable {
    private final Entry entry;
    private final long segmentBytes;
    private boolean released;

    private Hold(Entry entry, long segmentBytes) {
      this.entry = entry;
      this.segmentBytes = segmentBytes;
    }

    ZstdDictionary dictionary() {
      return entry.dictionary;
    }

    /** This holder's part of the dictionary's memory, by its share of the holders' bytes. */
    long memoryBytes() {
      synchronized (OpenDictionaries.this) {
        if (released) {
          return 0;
        }
        return Math.round(
            (double) entry.dictionary.memoryBytes() * segmentBytes / entry.holderBytes);
      }
    }

    @Override
    public void close() {
      release(this);
    }
  }

  private final Map<Integer, List<Entry>> byId = new HashMap<>();

  /**
   * A hold on the dictionary of {@code bytes} for a segment of {@code segmentBytes} stored bytes:
   * the one already open with the same content, or a new one.
   */
  synchronized Hold acquire(byte[] bytes, long segmentBytes) {
    List<Entry> sameId = byId.computeIfAbsent(ZstdDictionary.idOf(bytes), id -> new ArrayList<>(1));
    Entry entry = null;
    for (Entry e : sameId) {
      if (e.dictionary.hasContent(bytes)) {
        entry = e;
      }
    }
    if (entry == null) {
      entry = new Entry(ZstdDictionary.of(bytes));
      sameId.add(entry);
    }
    entry.holders++;
    entry.holderBytes += Math.max(1, segmentBytes);
    return new Hold(entry, Math.max(1, segmentBytes));
  }

  private synchronized void release(Hold hold) {
    if (hold.released) {
      return;
    }
    hold.released = true;
    Entry entry = hold.entry;
    entry.holders--;
    entry.holderBytes -= hold.segmentBytes;
    if (entry.holders == 0) {
      List<Entry> sameId = byId.get(entry.dictionary.id());
      sameId.remove(entry);
      if (sameId.isEmpty()) {
        byId.remove(entry.dictionary.id());
      }
      entry.dictionary.close();
    }
  }

  /** Distinct dictionaries held now (for tests). */
  synchronized int size() {
    int n = 0;
    for (List<Entry> entries : byId.values()) {
      n += entries.size();
    }
    return n;
  }
}
