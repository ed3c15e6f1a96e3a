package io.github.chunkstore.format;

import io.github.chunkstore.compression.ZstdDictionary;

/**
 * The dictionary a format instance's writers chose last, offered to the next segment as a
 * candidate. When it is proven about as good as a fresh one (see {@link DictionaryChoice}),
 * consecutive segments share it, and merging them later copies their chunks byte for byte instead
 * of recompressing. Only a compression choice: every segment still stores its own copy.
 */
public final class RecentDictionary {

  private volatile ZstdDictionary last;

  ZstdDictionary get() {
    return last;
  }

  void set(ZstdDictionary dictionary) {
    if (dictionary != null) {
      last = dictionary;
    }
  }
}
