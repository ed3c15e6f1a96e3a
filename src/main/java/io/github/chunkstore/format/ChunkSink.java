package io.github.chunkstore.format;

import java.io.IOException;

/**
 * Where a writer's buffered documents and whole copied segments go: straight into chunks ({@link
 * ChunkWriter}), or, in mode DICTIONARY, into a spill file until the dictionary is chosen ({@link
 * DeferredDictionaryWriter}).
 */
interface ChunkSink {

  /**
   * A document was added to the buffer; the sink takes the buffered documents if they fill a chunk.
   */
  void documentBuffered() throws IOException;

  /** Takes every chunk of {@code source}, which has the writer's layout, to be copied unchanged. */
  void copySegment(ChunkstoreStoredFieldsReader source) throws IOException;
}
