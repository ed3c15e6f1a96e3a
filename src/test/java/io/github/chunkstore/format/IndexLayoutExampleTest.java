package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chunkstore.ChunkstoreCodec;
import io.github.chunkstore.TestCodecs;
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
              .setCodec(TestCodecs.withSmallDictionaryThreshold(ChunkstoreCodec.Mode.DICTIONARY))
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
        assertEquals(12, index.numChunks());
        long[] docCounts = new long[12];
        long[] startPointers = new long[12];
        for (int c = 0; c < 12; c++) {
          docCounts[c] = index.chunkDocCount(c);
          startPointers[c] = index.chunkStartPointer(c);
        }
        assertArrayEquals(
            new long[] {250, 200, 242, 263, 253, 275, 292, 266, 296, 214, 278, 171}, docCounts);
        assertArrayEquals(
            new long[] {
              52, 15_887, 28_787, 42_744, 57_880, 72_347,
              88_245, 102_325, 119_007, 133_880, 150_777, 167_886
            },
            startPointers);
        // Finding document 1,000: chunk 4, which starts at 52 + 15,257 * 4 - 3,200.
        assertEquals(4, index.chunkOf(1000));
        assertEquals(57_880, index.chunkStartPointer(4));
        assertEquals(360, fields.indexRamBytesUsed());

        String name =
            IndexFileNames.segmentFileName(
                segment.getSegmentName(), "", StoredFieldsFiles.INDEX_EXTENSION);
        try (IndexInput in = dir.openInput(name, IOContext.READONCE)) {
          CodecUtil.checkIndexHeader(
              in,
              StoredFieldsFiles.INDEX_CODEC,
              StoredFieldsFiles.VERSION_START,
              StoredFieldsFiles.VERSION_CURRENT,
              segment.getSegmentInfo().info.getId(),
              "");
          assertEquals(53, in.getFilePointer());
          // The one block: n, DocBase, AvgChunkDocs, BitsPerDocBase, DocBaseDeltas, ...
          assertEquals(12, in.readVInt());
          assertEquals(0, in.readVInt());
          assertEquals(257, in.readVInt());
          assertEquals(8, in.readVInt());
          long[] docDeltas = packed(in, 12, 8);
          assertArrayEquals(new long[] {0, 13, 127, 157, 145, 153, 117, 47, 29, 48, 37, 4}, docDeltas);
          assertArrayEquals(
              new long[] {0, -7, -64, -79, -73, -77, -59, -24, -15, 24, -19, 2}, zigZagDecode(docDeltas));
          // ... StartPointer, AvgChunkSize, BitsPerStartPointer, StartPointerDeltas.
          assertEquals(52, in.readVLong());
          assertEquals(15_257, in.readVLong());
          assertEquals(14, in.readVInt());
          long[] startDeltas = packed(in, 12, 14);
          assertArrayEquals(
              new long[] {0, 1156, 3557, 6157, 6399, 7979, 6697, 9051, 6201, 6969, 3689, 14}, startDeltas);
          assertArrayEquals(
              new long[] {0, 578, -1779, -3079, -3200, -3990, -3349, -4526, -3101, -3485, -1845, 7},
              zigZagDecode(startDeltas));
          assertEquals(95, in.getFilePointer()); // the block is 42 bytes
          assertEquals(0, in.readVInt()); // EndMarker
          assertEquals(179_110, in.readVLong()); // MaxPointer
          assertEquals(in.length() - CodecUtil.footerLength(), in.getFilePointer());
          assertEquals(115, in.length());
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
