package io.github.chunkstore.format;

import java.io.IOException;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/**
 * One chunk header written by {@link ChunkHeader.Writer} into a file and read back by {@link
 * ChunkHeader}, for the tests of the header and its fields. The blocks after it are filler bytes of
 * the lengths the block table gives, enough for the header's checks; nothing decompresses them.
 */
final class ChunkHeaders implements AutoCloseable {

  static final long START = 7; // a chunk is never at the file's start
  static final int COMPRESSED_BLOCK_BYTES = 3;

  final Directory dir = new ByteBuffersDirectory();
  final IndexInput in;
  final ChunkHeader header = new ChunkHeader();
  final long end;

  /**
   * A chunk of documents of {@code lengths} with {@code shapes}' keys, in blocks of those sizes.
   */
  ChunkHeaders(int[] lengths, DocumentShapes shapes, int[] blockLengths, byte[] preset)
      throws IOException {
    int[] compressed = new int[blockLengths.length];
    java.util.Arrays.fill(compressed, COMPRESSED_BLOCK_BYTES);
    int blockBytes = 1;
    for (int length : blockLengths) {
      blockBytes = Math.max(blockBytes, length);
    }
    try (IndexOutput out = dir.createOutput("chunk", IOContext.DEFAULT)) {
      out.writeBytes(new byte[(int) START], (int) START);
      new ChunkHeader.Writer(ByteBuffersDataOutput.newResettableInstance())
          .write(
              out,
              new Checksums(),
              lengths.length,
              lengths,
              shapes,
              blockLengths.length,
              blockLengths,
              compressed,
              preset,
              preset.length,
              0);
      out.writeBytes(
          new byte[blockLengths.length * (Integer.BYTES + COMPRESSED_BLOCK_BYTES)],
          blockLengths.length * (Integer.BYTES + COMPRESSED_BLOCK_BYTES));
    }
    in = dir.openInput("chunk", IOContext.DEFAULT);
    end = in.length();
    readInto(header, end, lengths.length, blockBytes);
  }

  /**
   * Reads this file's chunk into {@code header} as chunk 0 whose index says it ends at {@code end}
   * and holds {@code docs} documents in blocks of at most {@code blockBytes}.
   */
  void readInto(ChunkHeader header, long end, int docs, int blockBytes) throws IOException {
    header.read(in, 0, START, end, docs, blockBytes, new Checksums(), new VerifiedHeaders(1));
  }

  /** The preset {@code header} read, copied out of its bytes. */
  static byte[] presetOf(ChunkHeader header) {
    return java.util.Arrays.copyOfRange(
        header.bytes(), header.presetOffset(), header.presetOffset() + header.presetLength());
  }

  /** Shapes planned for documents with no keys (so no shape): an empty Shapes table. */
  static DocumentShapes noShapes(int docs) {
    DocumentShapes shapes = new DocumentShapes();
    for (int d = 0; d < docs; d++) {
      shapes.endDocument();
    }
    shapes.plan();
    return shapes;
  }

  /** Positions {@link #in} after the header's three counts, where DocLengths starts. */
  IndexInput atDocLengths() throws IOException {
    in.seek(START);
    in.readVInt();
    in.readVInt();
    in.readVInt();
    return in;
  }

  @Override
  public void close() throws IOException {
    in.close();
    dir.close();
  }
}
