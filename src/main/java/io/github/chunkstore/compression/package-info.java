/**
 * Block compression behind one small interface: LZ4 (Lucene's {@code util.compress}) and zstd
 * (zstd-jni). The format package decides what a block is; this package only turns bytes into fewer
 * bytes and back, reusing hash tables and native contexts across calls.
 */
package io.github.chunkstore.compression;
