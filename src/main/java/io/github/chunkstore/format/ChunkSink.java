package io.github.chunkstore.format;

import java.io.IOException;

/**
 * Where a writer's buffered documents and whole copied segments go: straight into chunks ({@link
 * ChunkWriter}), or, in mode DICTIONARY, into a spill file until the dictionary is trained ({@link
 * DeferredDictionaryWriter}).
 */
interface ChunkSink {

  /**
   * A document was added to the buffer; the sink takes the buffered documents if they fill a chunk.
   */
  void documentBuffered() throws IOException;

  /** Takes every chunk of {@code source}, which has the writer's layout, to be copied unchanged. */
  void copySegment(ChunkstoreStoredFieldsReader source) throws IOException;

  /**
   * Takes chunk {@code c}, of {@code docs} documents and {@code rawBytes} raw bytes, of an
   * integrity-checked {@code source} with the writer's layout, to be copied unchanged.
   */
  void copyChunk(ChunkstoreStoredFieldsReader source, int c, int docs, long rawBytes)
      throws IOException;
}
