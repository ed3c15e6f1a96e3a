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
        assertEquals(7, index.numChunks());
        long[] docCounts = new long[7];
        long[] startPointers = new long[7];
        for (int c = 0; c < 7; c++) {
          docCounts[c] = index.chunkDocCount(c);
          startPointers[c] = index.chunkStartPointer(c);
        }
        assertArrayEquals(new long[] {389, 423, 427, 476, 480, 399, 406}, docCounts);
        assertArrayEquals(
            new long[] {52, 38_379, 74_643, 111_970, 147_968, 186_358, 225_427}, startPointers);
        // Finding document 1,000: chunk 2, which starts at 52 + 37,562 * 2 - 533.
        assertEquals(2, index.chunkOf(1000));
        assertEquals(74_643, index.chunkStartPointer(2));
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
          assertEquals(7, in.readVInt());
          assertEquals(0, in.readVInt());
          assertEquals(432, in.readVInt());
          assertEquals(7, in.readVInt());
          long[] docDeltas = packed(in, 7, 7);
          assertArrayEquals(new long[] {0, 85, 103, 113, 25, 70, 4}, docDeltas);
          assertArrayEquals(new long[] {0, -43, -52, -57, -13, 35, 2}, zigZagDecode(docDeltas));
          // ... StartPointer, AvgChunkSize, BitsPerStartPointer, StartPointerDeltas.
          assertEquals(52, in.readVLong());
          assertEquals(37_562, in.readVLong());
          assertEquals(13, in.readVInt());
          long[] startDeltas = packed(in, 7, 13);
          assertArrayEquals(new long[] {0, 1530, 1065, 1535, 4663, 3007, 6}, startDeltas);
          assertArrayEquals(new long[] {0, 765, -533, -768, -2332, -1504, 3}, zigZagDecode(startDeltas));
          assertEquals(82, in.getFilePointer()); // the block is 29 bytes
          assertEquals(0, in.readVInt()); // EndMarker
          assertEquals(257_924, in.readVLong()); // MaxPointer
          assertEquals(in.length() - CodecUtil.footerLength(), in.getFilePointer());
          assertEquals(102, in.length());
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
