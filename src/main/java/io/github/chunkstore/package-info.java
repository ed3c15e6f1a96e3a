/**
 * Chunkstore: a Lucene stored-fields format, enabled through {@link
 * io.github.chunkstore.ChunkstoreCodec}.
 */
package io.github.chunkstore;
