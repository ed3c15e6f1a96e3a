package io.github.chunkstore.compression;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Text-like test input for the LZ4 tests: what stored fields look like to a compressor. */
final class TextBytes {

  private static final String[] WORDS = {
    "name",
    "Zürich",
    "population",
    "\"country\":",
    "\"version_added\":",
    "1234",
    "lat",
    "47.37",
    "{\"id\":",
    "gloss",
    " "
  };

  private static final byte[] PERIODIC = "abcabcabcabcabcabcabc".getBytes(StandardCharsets.UTF_8);

  private TextBytes() {}

  /**
   * Words from a small vocabulary with some random bytes mixed in, and (if {@code periodic}) now
   * and then a run with a period of three bytes, which LZ4 encodes as overlapping matches.
   */
  static byte[] text(Random random, int length, boolean periodic) {
    byte[] out = new byte[length];
    int i = 0;
    while (i < length) {
      byte[] piece =
          periodic && random.nextInt(10) == 0
              ? PERIODIC
              : random.nextInt(8) == 0
                  ? new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256)}
                  : WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8);
      int n = Math.min(piece.length, length - i);
      System.arraycopy(piece, 0, out, i, n);
      i += n;
    }
    return out;
  }
}
