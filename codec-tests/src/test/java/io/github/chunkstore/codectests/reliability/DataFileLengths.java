package io.github.chunkstore.codectests.reliability;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.ByteArrayDataInput;

/**
 * Where a Chunkstore data file keeps its lengths and counts: a few bytes among thousands of
 * compressed ones, and the ones a damage must hit to test the reader's bounds checks. Found by
 * walking each chunk as the format's Javadoc lays it out (ChunkDocs, DocLengths, NumBlocks, the
 * header's checksum, then each block's RawLength, CompressedLength, checksum and bytes). Best effort: a walk that goes astray, as it
 * would on a layout it does not know, keeps what it found before.
 */
final class DataFileLengths {

  private DataFileLengths() {}

  /** Offsets of the VInts and bytes holding lengths and counts in {@code data}, chunk by chunk. */
  static int[] offsets(byte[] data, long[] chunkStarts) {
    List<Integer> offsets = new ArrayList<>();
    int chunksEnd = data.length - CodecUtil.footerLength();
    for (int c = 0; c < chunkStarts.length; c++) {
      int end = c + 1 < chunkStarts.length ? (int) chunkStarts[c + 1] : chunksEnd;
      try {
        walkChunk(new ByteArrayDataInput(data), (int) chunkStarts[c], end, offsets);
      } catch (RuntimeException e) {
        // read past the chunk: this walk does not know the layout, keep what was found
      }
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void walkChunk(ByteArrayDataInput in, int start, int end, List<Integer> offsets) {
    in.setPosition(start);
    offsets.add(in.getPosition());
    int docs = in.readVInt();
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
    offsets.add(in.getPosition());
    int blocks = in.readVInt();
    in.skipBytes(Integer.BYTES); // header checksum
    for (int b = 0; b < blocks && in.getPosition() < end; b++) {
      offsets.add(in.getPosition());
      in.readVInt();
      offsets.add(in.getPosition());
      int compressed = in.readVInt();
      in.skipBytes(Integer.BYTES + (long) compressed); // block checksum, then the bytes
    }
  }
}
