package io.github.chunkstore.compression;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded set of idle objects (zstd contexts) in fixed slots claimed with compare-and-set, so
 * that borrowing and returning allocate nothing. A caller that finds no idle object makes one; one
 * returned while every slot is taken is handed back to the caller to free.
 */
final class IdleSlots<T> {
  private final AtomicReferenceArray<T> slots;

  IdleSlots(int size) {
    slots = new AtomicReferenceArray<>(size);
  }

  /** An idle object, now owned by the caller, or null if there is none. */
  T poll() {
    for (int i = 0; i < slots.length(); i++) {
      T candidate = slots.get(i);
      if (candidate != null && slots.compareAndSet(i, candidate, null)) {
        return candidate;
      }
    }
    return null;
  }

  /** Keeps {@code idle} for the next {@link #poll()}; false if every slot is taken. */
  boolean offer(T idle) {
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) == null && slots.compareAndSet(i, null, idle)) {
        return true;
      }
    }
    return false;
  }

  /** An idle object, or a new one from {@code create}; either way now owned by the caller. */
  T take(Supplier<? extends T> create) {
    T idle = poll();
    return idle != null ? idle : create.get();
  }

  /** Keeps {@code idle} for the next caller, or hands it to {@code free} if every slot is taken. */
  void giveBack(T idle, Consumer<? super T> free) {
    if (!offer(idle)) {
      free.accept(idle);
    }
  }

  /** How many objects are idle right now. */
  int size() {
    int count = 0;
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        count++;
      }
    }
    return count;
  }
}
