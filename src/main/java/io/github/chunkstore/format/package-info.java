/**
 * The stored-fields format: {@code io.github.chunkstore.ChunkstoreStoredFieldsFormat} documents the
 * files, the writer buffers documents into chunks of independently compressed blocks, and the
 * reader finds a document's chunk through the on-heap chunk index.
 */
package io.github.chunkstore.format;
