package io.github.chunkstore.format;

import static io.github.chunkstore.format.StoredFieldsFiles.DATA_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.DATA_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.INDEX_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.INDEX_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.META_CODEC;
import static io.github.chunkstore.format.StoredFieldsFiles.META_EXTENSION;
import static io.github.chunkstore.format.StoredFieldsFiles.VERSION_CURRENT;
import static io.github.chunkstore.format.StoredFieldsFiles.VERSION_START;

import io.github.chunkstore.index.StoredFieldsIndexReader;
import java.io.IOException;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.IOUtils;

/**
 * A segment's three stored-fields files, opened and checked for {@link
 * ChunkstoreStoredFieldsReader}: the meta and chunk-index files are read and checksummed whole, the
 * data file is left open with its footer's structure checked (its full checksum is {@code
 * checkIntegrity}'s job), and the three must agree on the version and on where the chunks are.
 *
 * @param version the format version of all three files
 * @param data the open data file, which the reader closes with {@code dictionaries}
 * @param dictionaries what the chunks decompress with
 */
record OpenedSegment(
    SegmentMeta meta,
    int version,
    StoredFieldsIndexReader index,
    IndexInput data,
    SegmentDictionaries dictionaries) {

  static OpenedSegment open(
      Directory dir, SegmentInfo si, IOContext context, OpenDictionaries openDictionaries)
      throws IOException {
    final String segment = si.name;
    final int maxDoc = si.maxDoc();

    String metaName = IndexFileNames.segmentFileName(segment, "", META_EXTENSION);
    SegmentMeta readMeta = null;
    int metaVersion = -1;
    StoredFieldsFiles.checkHeaderStart(dir, metaName, META_CODEC);
    try (ChecksumIndexInput in = dir.openChecksumInput(metaName)) {
      Throwable failure = null;
      try {
        metaVersion =
            CodecUtil.checkIndexHeader(
                in, META_CODEC, VERSION_START, VERSION_CURRENT, si.getId(), "");
        readMeta = SegmentMeta.read(in, maxDoc);
      } catch (Throwable t) {
        failure = t;
      } finally {
        CodecUtil.checkFooter(in, failure);
      }
    }

    String indexName = IndexFileNames.segmentFileName(segment, "", INDEX_EXTENSION);
    StoredFieldsIndexReader readIndex = null;
    StoredFieldsFiles.checkHeaderStart(dir, indexName, INDEX_CODEC);
    try (ChecksumIndexInput in = dir.openChecksumInput(indexName)) {
      Throwable failure = null;
      try {
        checkVersion(
            metaVersion,
            in,
            CodecUtil.checkIndexHeader(
                in, INDEX_CODEC, VERSION_START, VERSION_CURRENT, si.getId(), ""));
        readIndex = StoredFieldsIndexReader.read(in, maxDoc);
        if (readIndex.numChunks() != readMeta.numChunks()) {
          throw new CorruptIndexException(
              "index has " + readIndex.numChunks() + " chunks, meta says " + readMeta.numChunks(),
              in);
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        CodecUtil.checkFooter(in, failure);
      }
    }

    String dataName = IndexFileNames.segmentFileName(segment, "", DATA_EXTENSION);
    IndexInput in = null;
    SegmentDictionaries dictionaries = null;
    boolean success = false;
    try {
      StoredFieldsFiles.checkHeaderStart(dir, dataName, DATA_CODEC);
      in = dir.openInput(dataName, context);
      checkVersion(
          metaVersion,
          in,
          CodecUtil.checkIndexHeader(
              in, DATA_CODEC, VERSION_START, VERSION_CURRENT, si.getId(), ""));
      long dataStart = in.getFilePointer();
      // Cheap structural check of the footer; the full checksum is checkIntegrity()'s job.
      CodecUtil.retrieveChecksum(in);
      long dataEnd = in.length() - CodecUtil.footerLength();
      long firstChunk = readIndex.numChunks() > 0 ? readIndex.chunkStartPointer(0) : dataStart;
      if (readIndex.maxPointer() != dataEnd || firstChunk != dataStart) {
        throw new CorruptIndexException(
            "chunk index covers ["
                + firstChunk
                + ", "
                + readIndex.maxPointer()
                + ") but the data file's chunks span ["
                + dataStart
                + ", "
                + dataEnd
                + ")",
            in);
      }
      dictionaries =
          SegmentDictionaries.open(
              ModeSettings.of(readMeta.mode()),
              readMeta.dictionaries(),
              openDictionaries,
              in.length());
      success = true;
      return new OpenedSegment(readMeta, metaVersion, readIndex, in, dictionaries);
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(in, dictionaries);
      }
    }
  }

  private static void checkVersion(int version, IndexInput in, int fileVersion)
      throws CorruptIndexException {
    if (fileVersion != version) {
      throw new CorruptIndexException(
          "version " + fileVersion + " differs from meta's " + version, in);
    }
  }
}
