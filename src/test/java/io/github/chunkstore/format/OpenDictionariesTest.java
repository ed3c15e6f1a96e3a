package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Open segments that store the same dictionary hold it once; the last to close frees it. */
class OpenDictionariesTest {

  private static byte[] dictionary(int seed) {
    byte[] bytes = new byte[4096];
    Arrays.fill(bytes, (byte) seed);
    bytes[0] = (byte) (seed >>> 8);
    return bytes;
  }

  @Test
  void segmentsStoringTheSameBytesShareOneDictionary() {
    OpenDictionaries open = new OpenDictionaries();
    OpenDictionaries.Hold small = open.acquire(dictionary(1), 1_000);
    OpenDictionaries.Hold large = open.acquire(dictionary(1), 3_000);
    assertSame(small.dictionary(), large.dictionary());
    assertEquals(1, open.size());
    OpenDictionaries.Hold other = open.acquire(dictionary(2), 1_000);
    assertNotSame(small.dictionary(), other.dictionary());
    assertEquals(2, open.size());
    other.close();
    small.close();
    large.close();
    assertEquals(0, open.size());
  }

  @Test
  void memoryIsSplitByStoredBytesAndAddsUpToWhatIsHeld() {
    OpenDictionaries open = new OpenDictionaries();
    OpenDictionaries.Hold small = open.acquire(dictionary(3), 1_000);
    OpenDictionaries.Hold large = open.acquire(dictionary(3), 3_000);
    long held = small.dictionary().memoryBytes(); // undigested: the bytes themselves
    assertEquals(4096, held);
    assertEquals(1024, small.memoryBytes());
    assertEquals(3072, large.memoryBytes());
    small.close();
    assertEquals(0, small.memoryBytes(), "a closed hold is charged nothing");
    assertEquals(4096, large.memoryBytes(), "the last holder is charged all of it");
    large.close();
  }

  @Test
  void closingTwiceReleasesOnce() {
    OpenDictionaries open = new OpenDictionaries();
    OpenDictionaries.Hold first = open.acquire(dictionary(4), 10);
    OpenDictionaries.Hold second = open.acquire(dictionary(4), 10);
    first.close();
    first.close();
    assertEquals(1, open.size(), "the second holder still holds it");
    assertEquals(4096, second.memoryBytes());
    second.close();
    assertEquals(0, open.size());
  }
}
