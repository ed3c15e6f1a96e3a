/**
 * The stored-fields format: {@link io.github.chunkstore.format.ChunkstoreStoredFieldsFormat}
 * documents the files, the writer buffers documents into chunks of independently compressed
 * blocks, and the reader finds a document's chunk through the on-heap chunk index.
 */
package io.github.chunkstore.format;
