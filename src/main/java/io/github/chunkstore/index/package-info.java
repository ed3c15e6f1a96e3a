/**
 * The chunk index of Chunkstore's stored fields: for every chunk of the data file, its first docID
 * and its file offset.
 *
 * <p>{@link io.github.chunkstore.index.StoredFieldsIndexWriter} streams the index to disk in blocks
 * of 1024 chunks while the data file is written (its Javadoc fixes the byte layout); {@link
 * io.github.chunkstore.index.StoredFieldsIndexReader} loads it onto the heap at open, validating
 * every entry, and then maps a docID to its chunk and the chunk to its byte range with two binary
 * searches and no I/O. Each block stores its doc bases and start pointers as bit-packed deviations
 * from a straight line, so the heap cost is a few bits per chunk plus a few words per block.
 *
 * <p>The package knows nothing of the data file's contents or of headers and footers: the caller
 * writes and checks those around the index.
 */
package io.github.chunkstore.index;
