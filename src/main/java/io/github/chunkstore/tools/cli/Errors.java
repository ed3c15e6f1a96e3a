package io.github.chunkstore.tools.cli;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.store.LockObtainFailedException;

/** Turns the exceptions a person's mistakes cause into one readable line. */
final class Errors {

  /** An error whose message is already meant for the person: printed as it is. */
  static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
      super(message);
    }

    UserError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Pattern SPI_MISSING =
      Pattern.compile("SPI class of type org\\.apache\\.lucene\\.codecs\\.Codec with name '([^']+)' does not exist");
  private static final Pattern CODEC_MISSING = Pattern.compile("Could not load codec '([^']+)'");

  private Errors() {}

  /** One line describing {@code e} for a person. */
  static String describe(Throwable e) {
    String codec = missingCodec(e);
    if (codec != null) {
      return "the index uses codec '"
          + codec
          + "', which is not on the class path; add the jar that provides it"
          + (codec.equals("Chunkstore") ? " (io.github.chunkstore:chunkstore)" : "")
          + (codec.startsWith("Lucene") ? " (older Lucene codecs: org.apache.lucene:lucene-backward-codecs)" : "")
          + " to the class path";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserError) {
        return t.getMessage();
      }
      if (t instanceof LockObtainFailedException) {
        return "the index is locked: another process is writing to it (" + t.getMessage() + ")";
      }
      if (t instanceof IndexFormatTooOldException || t instanceof IndexFormatTooNewException) {
        return "this Lucene cannot read the index: " + t.getMessage();
      }
      if (t instanceof CorruptIndexException) {
        return "the index is damaged: " + t.getMessage() + " (run 'chunkstore check' for details)";
      }
      if (t instanceof IndexNotFoundException) {
        return "not a Lucene index: " + t.getMessage();
      }
      if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
        return "file not found: " + t.getMessage();
      }
      if (t instanceof AccessDeniedException) {
        return "permission denied: " + t.getMessage();
      }
    }
    String message = e.getMessage();
    return (message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message)
        + " (--verbose shows the stack trace)";
  }

  /** The exception's own message, or its class name when it has none. */
  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  /** The codec a failure to open an index could not find, or null. */
  static String missingCodec(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException && t.getMessage() != null) {
        Matcher m = CODEC_MISSING.matcher(t.getMessage());
        if (m.find()) {
          return m.group(1);
        }
        m = SPI_MISSING.matcher(t.getMessage());
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }
}
