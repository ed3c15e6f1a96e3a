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
 * BEST_SPEED as one segment, its chunks, and its one index block decoded field by field from the
 * {@code .csx} file. If this fails, the format changed and the README's example must change too.
 */
class IndexLayoutExampleTest {

  @TempDir Path tmp;

  @Test
  void theReadmeExampleIsWhatTheCodeWrites() throws Exception {
    try (Directory dir = FSDirectory.open(tmp)) {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setCodec(new ChunkstoreCodec(ChunkstoreCodec.Mode.BEST_SPEED))
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
        assertEquals(8, index.numChunks());
        long[] docCounts = new long[8];
        long[] startPointers = new long[8];
        for (int c = 0; c < 8; c++) {
          docCounts[c] = index.chunkDocCount(c);
          startPointers[c] = index.chunkStartPointer(c);
        }
        assertArrayEquals(new long[] {373, 396, 411, 449, 432, 420, 424, 95}, docCounts);
        assertArrayEquals(
            new long[] {52, 39_569, 76_753, 114_875, 152_300, 192_099, 231_695, 270_544}, startPointers);
        // Finding document 1,000: chunk 2, which starts at 52 + 38,641 * 2 - 581.
        assertEquals(2, index.chunkOf(1000));
        assertEquals(76_753, index.chunkStartPointer(2));
        assertEquals(344, fields.indexRamBytesUsed());

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
          assertEquals(8, in.readVInt());
          assertEquals(0, in.readVInt());
          assertEquals(415, in.readVInt());
          assertEquals(8, in.readVInt());
          long[] docDeltas = packed(in, 8, 8);
          assertArrayEquals(new long[] {0, 83, 121, 129, 61, 27, 17, 0}, docDeltas);
          assertArrayEquals(new long[] {0, -42, -61, -65, -31, -14, -9, 0}, zigZagDecode(docDeltas));
          // ... StartPointer, AvgChunkSize, BitsPerStartPointer, StartPointerDeltas.
          assertEquals(52, in.readVLong());
          assertEquals(38_641, in.readVLong());
          assertEquals(13, in.readVInt());
          long[] startDeltas = packed(in, 8, 13);
          assertArrayEquals(new long[] {0, 1752, 1161, 2199, 4631, 2315, 405, 10}, startDeltas);
          assertArrayEquals(new long[] {0, 876, -581, -1100, -2316, -1158, -203, 5}, zigZagDecode(startDeltas));
          assertEquals(84, in.getFilePointer()); // the block is 31 bytes
          assertEquals(0, in.readVInt()); // EndMarker
          assertEquals(280_379, in.readVLong()); // MaxPointer
          assertEquals(in.length() - CodecUtil.footerLength(), in.getFilePointer());
          assertEquals(104, in.length());
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
