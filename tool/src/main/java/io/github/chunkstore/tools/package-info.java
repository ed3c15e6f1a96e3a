/**
 * Small programs around the Chunkstore codec.
 *
 * <p>{@link io.github.chunkstore.tools.Demo} indexes a bundled sample of GeoNames data with every
 * Chunkstore mode and with Lucene's default codec, checks the indexes and compares their
 * stored-fields sizes. Run it with {@code scripts/demo}. {@link
 * io.github.chunkstore.tools.GeoNamesTable} holds what is specific to that data: its columns, how
 * rows are read and how a row becomes a document.
 */
package io.github.chunkstore.tools;
