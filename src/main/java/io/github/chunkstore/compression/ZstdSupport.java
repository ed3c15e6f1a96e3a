package io.github.chunkstore.compression;

/**
 * Loads zstd-jni's native library once and explains clearly when it cannot. Only the zstd modes
 * touch this class, so LZ4 keeps working on platforms zstd-jni does not cover.
 */
public final class ZstdSupport {

  private static volatile Throwable loadFailure;
  private static volatile boolean loaded;

  private ZstdSupport() {}

  /** True if zstd-jni and its native library are usable in this JVM. */
  public static boolean isAvailable() {
    try {
      ensureAvailable("zstd");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Throws {@link IllegalStateException} naming {@code what} needs zstd-jni if its jar or native
   * library cannot be loaded here.
   */
  public static void ensureAvailable(String what) {
    if (loaded) {
      return;
    }
    synchronized (ZstdSupport.class) {
      if (loaded) {
        return;
      }
      if (loadFailure == null) {
        try {
          com.github.luben.zstd.util.Native.load();
          loaded = true;
          return;
        } catch (LinkageError
            | RuntimeException e) { // NoClassDefFoundError, UnsatisfiedLinkError, ...
          loadFailure = e;
        }
      }
    }
    throw new IllegalStateException(
        what
            + " needs zstd-jni (com.github.luben:zstd-jni) and its native library, which could not be"
            + " loaded on "
            + System.getProperty("os.name")
            + "/"
            + System.getProperty("os.arch")
            + ": "
            + loadFailure
            + ". Put zstd-jni on the classpath, or use Mode.BEST_SPEED, which needs no native code.",
        loadFailure);
  }
}
