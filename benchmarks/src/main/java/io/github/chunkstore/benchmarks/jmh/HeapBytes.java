package io.github.chunkstore.benchmarks.jmh;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.util.RamUsageEstimator;

/**
 * Estimates the heap reachable from some objects by walking their fields. Needed because Lucene's
 * {@code DirectMonotonicReader} and its {@code Meta} no longer report their size (they are not
 * {@code Accountable}); the walk sums {@link RamUsageEstimator}'s shallow sizes, counting shared
 * objects once.
 */
final class HeapBytes {

  private HeapBytes() {}

  /**
   * Heap bytes reachable from {@code roots}, not entering objects that {@code boundary} accepts
   * (such as file handles, whose bytes are reported separately) nor {@link Class} objects.
   */
  static long reachableFrom(Predicate<Object> boundary, Object... roots) {
    final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    final ArrayDeque<Object> pending = new ArrayDeque<>();
    for (Object root : roots) {
      if (root != null) {
        pending.push(root);
      }
    }
    long bytes = 0;
    while (!pending.isEmpty()) {
      final Object obj = pending.pop();
      if (obj instanceof Class<?> || boundary.test(obj) || !seen.add(obj)) {
        continue;
      }
      bytes += RamUsageEstimator.shallowSizeOf(obj);
      final Class<?> type = obj.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (int i = 0, n = Array.getLength(obj); i < n; i++) {
            pushIfPresent(pending, Array.get(obj, i));
          }
        }
        continue;
      }
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
            pushIfPresent(pending, read(field, obj));
          }
        }
      }
    }
    return bytes;
  }

  private static void pushIfPresent(ArrayDeque<Object> pending, Object value) {
    if (value != null) {
      pending.push(value);
    }
  }

  // Works on the class path, where Lucene's packages are open to reflection.
  private static Object read(Field field, Object obj) {
    try {
      field.setAccessible(true);
      return field.get(obj);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }
}
