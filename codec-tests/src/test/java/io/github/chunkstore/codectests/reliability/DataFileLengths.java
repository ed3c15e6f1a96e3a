package io.github.chunkstore.codectests.reliability;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.ByteArrayDataInput;

/**
 * Where a Chunkstore data file keeps its lengths and counts: a few bytes among thousands of
 * compressed ones, and the ones a damage must hit to test the reader's bounds checks. Found by
 * walking each chunk header as the format's Javadoc lays it out (ChunkDocs, NumBlocks,
 * PresetLength, DocLengths, then the block table's three packed arrays). Best effort: a walk that
 * goes astray, as it would on a layout it does not know, keeps what it found before.
 */
final class DataFileLengths {

  private DataFileLengths() {}

  /** Offsets of the VInts and bytes holding lengths and counts in {@code data}, chunk by chunk. */
  static int[] offsets(byte[] data, long[] chunkStarts) {
    List<Integer> offsets = new ArrayList<>();
    for (long start : chunkStarts) {
      try {
        walkHeader(
            new ByteArrayDataInput(data, 0, data.length - CodecUtil.footerLength()),
            (int) start,
            offsets);
      } catch (RuntimeException e) {
        // read past the data: this walk does not know the layout, keep what was found
      }
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void walkHeader(ByteArrayDataInput in, int start, List<Integer> offsets) {
    in.setPosition(start);
    offsets.add(in.getPosition());
    int docs = in.readVInt();
    offsets.add(in.getPosition());
    int blocks = in.readVInt();
    offsets.add(in.getPosition());
    in.readVInt(); // PresetLength
    offsets.add(in.getPosition());
    if (docs == 1) {
      in.readVInt();
    } else {
      int bits = in.readByte() & 0xFF;
      offsets.add(in.getPosition()); // the common length, or the first packed lengths
      if (bits == 0) {
        in.readVInt();
      } else {
        in.skipBytes(((long) docs * bits + 7) / 8);
      }
    }
    for (int array = 0; array < 3 && blocks > 0; array++) {
      offsets.add(in.getPosition()); // BitsPerValue
      int bits = in.readByte() & 0xFF;
      offsets.add(in.getPosition()); // the first packed values
      in.skipBytes(((long) (blocks + 1) * bits + 7) / 8);
    }
  }
}
