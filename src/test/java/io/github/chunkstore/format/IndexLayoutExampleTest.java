package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.tools.GeoNamesTable;
import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.packed.PackedInts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's worked example of the chunk index: the bundled GeoNames sample written in
 * DICTIONARY as one segment (32 KiB chunks, so that the one index block has more than a few), its chunks, and its one index block decoded field by field from the
 * {@code .csx} file. If this fails, the format changed and the README's example must change too.
 */
class IndexLayoutExampleTest {

  @TempDir Path tmp;

  @Test
  void theReadmeExampleIsWhatTheCodeWrites() throws Exception {
    try (Directory dir = FSDirectory.open(tmp)) {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new ChunkstoreCodec(ChunkstoreCodec.Mode.DICTIONARY))
              .setUseCompoundFile(false)
              .setMergePolicy(NoMergePolicy.INSTANCE)
              .setRAMBufferSizeMB(256);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        for (String[] row : GeoNamesTable.readSample()) {
          writer.addDocument(GeoNamesTable.toDocument(row));
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertEquals(1, reader.leaves().size());
        SegmentReader segment = (SegmentReader) reader.leaves().get(0).reader();
        ChunkstoreStoredFieldsReader fields = (ChunkstoreStoredFieldsReader) segment.getFieldsReader();
        StoredFieldsIndexReader index = fields.chunkIndex();
        assertEquals(3000, fields.numDocs());
        assertEquals(14, index.numChunks());
        long[] docCounts = new long[14];
        long[] startPointers = new long[14];
        for (int c = 0; c < 14; c++) {
          docCounts[c] = index.chunkDocCount(c);
          startPointers[c] = index.chunkStartPointer(c);
        }
        assertArrayEquals(
            new long[] {220, 169, 184, 239, 219, 209, 232, 244, 222, 259, 213, 186, 241, 163}, docCounts);
        assertArrayEquals(
            new long[] {
              52, 15_158, 28_195, 40_496, 54_191, 67_690, 81_976,
              95_773, 108_894, 123_651, 137_401, 152_614, 168_312, 183_697
            },
            startPointers);
        // Finding document 1,000: chunk 4, which starts at 52 + 14,126 * 4 - 2,365.
        assertEquals(4, index.chunkOf(1000));
        assertEquals(54_191, index.chunkStartPointer(4));
        assertEquals(368, fields.indexRamBytesUsed());

        String name =
            IndexFileNames.segmentFileName(
                segment.getSegmentName(), "", ChunkstoreStoredFieldsFormat.INDEX_EXTENSION);
        try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
          CodecUtil.checkIndexHeader(
              in,
              ChunkstoreStoredFieldsFormat.INDEX_CODEC,
              ChunkstoreStoredFieldsFormat.VERSION_START,
              ChunkstoreStoredFieldsFormat.VERSION_CURRENT,
              segment.getSegmentInfo().info.getId(),
              "");
          assertEquals(53, in.getFilePointer());
          // The one block: n, DocBase, AvgChunkDocs, BitsPerDocBase, DocBaseDeltas, ...
          assertEquals(14, in.readVInt());
          assertEquals(0, in.readVInt());
          assertEquals(218, in.readVInt());
          assertEquals(8, in.readVInt());
          long[] docDeltas = packed(in, 14, 8);
          assertArrayEquals(
              new long[] {0, 4, 93, 161, 119, 117, 135, 107, 55, 47, 34, 24, 39, 6}, docDeltas);
          assertArrayEquals(
              new long[] {0, 2, -47, -81, -60, -59, -68, -54, -28, -24, 17, 12, -20, 3},
              zigZagDecode(docDeltas));
          // ... StartPointer, AvgChunkSize, BitsPerStartPointer, StartPointerDeltas.
          assertEquals(52, in.readVLong());
          assertEquals(14_126, in.readVLong());
          assertEquals(14, in.readVInt());
          long[] startDeltas = packed(in, 14, 14);
          assertArrayEquals(
              new long[] {0, 1960, 217, 3867, 4729, 5983, 5663, 6321, 8331, 7069, 7821, 5647, 2503, 14},
              startDeltas);
          assertArrayEquals(
              new long[] {
                0, 980, -109, -1934, -2365, -2992, -2832, -3161, -4166, -3535, -3911, -2824, -1252, 7
              },
              zigZagDecode(startDeltas));
          assertEquals(101, in.getFilePointer()); // the block is 48 bytes
          assertEquals(0, in.readVInt()); // EndMarker
          assertEquals(195_434, in.readVLong()); // MaxPointer
          assertEquals(in.length() - CodecUtil.footerLength(), in.getFilePointer());
          assertEquals(121, in.length());
        }
      }
    }
  }

  private static long[] packed(IndexInput in, int n, int bits) throws IOException {
    PackedInts.ReaderIterator it =
        PackedInts.getReaderIteratorNoHeader(
            in, PackedInts.Format.PACKED, PackedInts.VERSION_CURRENT, n, bits, 1);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = it.next();
    }
    return values;
  }

  private static long[] zigZagDecode(long[] zigzag) {
    return Arrays.stream(zigzag).map(BitUtil::zigZagDecode).toArray();
  }
}
