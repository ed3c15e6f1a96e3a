package io.github.chunkstore.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdException;
import java.util.Arrays;
import java.util.List;

/**
 * Trains zstd dictionaries and compares them on sample data. Training time and memory grow with the
 * sample, which callers bound (see {@code DocumentSampler} in the format package).
 */
public final class DictionaryTrainer {

  private DictionaryTrainer() {}

  /**
   * Trains a dictionary of at most {@code maxBytes} from {@code samples}, or returns null when zstd
   * finds too little data to train on (its trainer needs many samples), so the caller goes on
   * without a dictionary.
   */
  public static ZstdDictionary train(List<byte[]> samples, int maxBytes) {
    ZstdSupport.ensureAvailable("training a zstd dictionary");
    if (samples.isEmpty() || maxBytes < 256) {
      return null;
    }
    byte[] buffer = new byte[maxBytes];
    long size;
    try {
      size = Zstd.trainFromBuffer(samples.toArray(new byte[0][]), buffer, false);
    } catch (ZstdException e) { // "nb of samples too low", "src size is incorrect", ...
      return null;
    }
    if (Zstd.isError(size) || size <= 0) {
      return null;
    }
    return ZstdDictionary.of(Arrays.copyOf(buffer, (int) size));
  }

  /**
   * Total compressed size of {@code blocks}, each compressed on its own at {@code level} with
   * {@code dictionary} (or none when null): what the blocks would cost in a segment.
   */
  public static long compressedSize(List<byte[]> blocks, ZstdDictionary dictionary, int level) {
    ZstdSupport.ensureAvailable("zstd compression");
    int max = 0;
    for (byte[] block : blocks) {
      max = Math.max(max, block.length);
    }
    byte[] out = new byte[Math.toIntExact(Zstd.compressBound(max))];
    ZstdDictCompress cdict = dictionary == null ? null : dictionary.forCompression(level);
    try (ZstdCompressCtx ctx = ZstdBlockCodec.newCompressCtx(level)) {
      if (cdict != null) {
        ctx.loadDict(cdict);
      }
      long total = 0;
      for (byte[] block : blocks) {
        total += ctx.compressByteArray(out, 0, out.length, block, 0, block.length);
      }
      return total;
    } finally {
      if (cdict != null) {
        cdict.close();
      }
    }
  }
}
