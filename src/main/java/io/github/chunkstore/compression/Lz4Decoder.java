package io.github.chunkstore.compression;

import org.apache.lucene.util.BitUtil;

/**
 * Decodes one LZ4 block (the LZ4 block format: sequences of a token, literals and a match that
 * refers back up to 65,535 bytes) from a byte array into a byte array, written from the format's
 * description. Matches may reach into the bytes before the output, where the caller placed the
 * preset the block was compressed against.
 *
 * <p>Why not Lucene's {@code LZ4.decompress}, which reads the same blocks: a random read of a
 * stored document spends half its time decoding LZ4, and on text with short matches most of that
 * goes to a {@code System.arraycopy} per literal run and per match (a call that pays off only for
 * long copies) and to reading tokens through a {@code DataInput}. Here short literal runs and
 * matches are copied eight bytes at a time, which may write up to {@link #SLACK} bytes past the end
 * of the output; those bytes are garbage that the next sequence overwrites or that lies beyond the
 * block. Every read and write stays within the arrays' bounds and every length is checked, so a
 * damaged block ends in an {@link IllegalArgumentException}, never in bytes from outside the block.
 */
public final class Lz4Decoder {

  /**
   * Bytes past the end of the output that the decoder may overwrite when {@code dest} has room for
   * them. With less room it falls back to exact copies near the end, which is slower but correct.
   */
  public static final int SLACK = BlockDecompressor.OUTPUT_SLACK;

  private static final int MIN_MATCH = 4;

  private static final int MAX_EXTENDED_LENGTH = Integer.MAX_VALUE / 4;

  private Lz4Decoder() {}

  /**
   * Decodes the block {@code src[srcOffset, srcOffset + srcLength)} into {@code dest} from {@code
   * destOffset}, stopping once at least {@code needed} bytes are produced or the block ends.
   * Matches may refer back into {@code dest[0, destOffset)}.
   *
   * @param maxLength the block's decoded length: producing more is an error
   * @return the number of bytes produced (from {@code needed} up to {@code maxLength}), or fewer
   *     than {@code needed} if the block ended early
   * @throws IllegalArgumentException if the arrays cannot hold the ranges given, or if the block is
   *     malformed: it runs past its input, refers back before {@code dest[0]}, produces more than
   *     {@code maxLength} bytes, or (asked for all {@code maxLength}) has input left once they are
   *     produced
   */
  public static int decode(
      byte[] src,
      int srcOffset,
      int srcLength,
      byte[] dest,
      int destOffset,
      int maxLength,
      int needed) {
    if (srcOffset < 0 || srcLength < 0 || srcLength > src.length - srcOffset) {
      throw new IllegalArgumentException(
          "input [" + srcOffset + ", +" + srcLength + ") outside an array of " + src.length);
    }
    if (destOffset < 0 || maxLength < 0 || maxLength > dest.length - destOffset) {
      throw new IllegalArgumentException(
          "output [" + destOffset + ", +" + maxLength + ") outside an array of " + dest.length);
    }
    if (needed < 0 || needed > maxLength) {
      throw new IllegalArgumentException("needed " + needed + " of " + maxLength + " bytes");
    }
    final int srcEnd = srcOffset + srcLength;
    final int destEnd = destOffset + maxLength;
    final int stopAt = destOffset + needed;
    // Fast copies read up to 16 bytes past a literal run's start and write up to 16 past its end.
    final int srcFastEnd = src.length - 16;
    final int destFastEnd = (int) Math.min(dest.length, (long) destEnd + SLACK) - 16;
    int s = srcOffset;
    int d = destOffset;
    while (s < srcEnd) {
      final int token = src[s++] & 0xFF;
      int literals = token >>> 4;
      if (literals == 15) {
        int more = lengthExtension(src, s, srcEnd, "literal");
        s += more / 255 + 1;
        literals += more;
      }
      if (literals > srcEnd - s || literals > destEnd - d) {
        throw malformed("literal run of " + literals + " bytes runs past the block");
      }
      if (literals <= 16 && s <= srcFastEnd && d <= destFastEnd) {
        BitUtil.VH_LE_LONG.set(dest, d, (long) BitUtil.VH_LE_LONG.get(src, s));
        BitUtil.VH_LE_LONG.set(dest, d + 8, (long) BitUtil.VH_LE_LONG.get(src, s + 8));
      } else {
        System.arraycopy(src, s, dest, d, literals);
      }
      s += literals;
      d += literals;
      if (s == srcEnd || d >= stopAt) {
        break; // the last sequence has literals only, or the caller has what it needs
      }
      if (srcEnd - s < 2) {
        throw malformed("match offset runs past the block's end");
      }
      final int offset = (src[s] & 0xFF) | (src[s + 1] & 0xFF) << 8;
      s += 2;
      if (offset == 0 || offset > d) {
        throw malformed("match offset " + offset + " at output position " + (d - destOffset));
      }
      int length = token & 0x0F;
      if (length == 15) {
        int more = lengthExtension(src, s, srcEnd, "match");
        s += more / 255 + 1;
        length += more;
      }
      length += MIN_MATCH;
      if (length > destEnd - d) {
        throw malformed("match of " + length + " bytes runs past the block's decoded length");
      }
      copyMatch(dest, d, offset, length, destFastEnd);
      d += length;
    }
    if (needed == maxLength && s != srcEnd) {
      throw malformed((srcEnd - s) + " byte(s) of input past its decoded length");
    }
    return d - destOffset;
  }

  /**
   * The sum of the extension bytes of a {@code what} length at {@code src[s]}: bytes of 255, then
   * one below 255, so the caller has read {@code sum / 255 + 1} bytes. A damaged block could hold
   * millions of 255s; the sum stops at a quarter of the int range (no block is that long), so it
   * never wraps around to a negative length.
   */
  private static int lengthExtension(byte[] src, int s, int srcEnd, String what) {
    int sum = 0;
    int b;
    do {
      if (s >= srcEnd) {
        throw malformed(what + " length runs past the block's end");
      }
      b = src[s++] & 0xFF;
      sum += b;
      if (sum > MAX_EXTENDED_LENGTH) {
        throw malformed(what + " length over " + MAX_EXTENDED_LENGTH + " bytes");
      }
    } while (b == 255);
    return sum;
  }

  /** Copies {@code length} bytes from {@code offset} bytes back, where they may overlap. */
  private static void copyMatch(byte[] dest, int d, int offset, int length, int destFastEnd) {
    int from = d - offset;
    final int end = d + length;
    if (offset >= 8 && length <= 16 && d <= destFastEnd) {
      // Sequential 8-byte steps read bytes at least 8 back, written before them: overlap is safe.
      BitUtil.VH_LE_LONG.set(dest, d, (long) BitUtil.VH_LE_LONG.get(dest, from));
      BitUtil.VH_LE_LONG.set(dest, d + 8, (long) BitUtil.VH_LE_LONG.get(dest, from + 8));
    } else if (offset >= length) {
      System.arraycopy(dest, from, dest, d, length);
    } else if (offset >= 8 && end - 8 <= destFastEnd) {
      do {
        BitUtil.VH_LE_LONG.set(dest, d, (long) BitUtil.VH_LE_LONG.get(dest, from));
        d += 8;
        from += 8;
      } while (d < end);
    } else {
      for (; d < end; d++, from++) {
        dest[d] = dest[from]; // a period under 8 bytes, or the end of the array
      }
    }
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("malformed LZ4 block: " + what);
  }
}
