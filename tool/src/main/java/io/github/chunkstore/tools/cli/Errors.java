package io.github.chunkstore.tools.cli;

import io.github.chunkstore.ChunkstoreCodec;
import java.io.File;
import java.io.FileNotFoundException;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Version;

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
      Pattern.compile(
          "SPI class of type org\\.apache\\.lucene\\.codecs\\.Codec with name '([^']+)' does not exist");
  private static final Pattern CODEC_MISSING = Pattern.compile("Could not load codec '([^']+)'");

  private Errors() {}

  /** One line describing {@code e} for a person who ran the tool with {@code args}. */
  static String describe(Throwable e, List<String> args) {
    String codec = missingCodec(e);
    if (codec != null) {
      return missingCodecMessage(codec, args);
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
    return (message == null
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + message)
        + " (--verbose shows the stack trace)";
  }

  /** The exception's own message, or its class name when it has none. */
  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  /**
   * Says which codec is missing, which jar provides it, and how to run the tool with that jar:
   * {@code java -jar} ignores {@code -cp}, so the tool's main class is named on a class path.
   */
  static String missingCodecMessage(String codec, List<String> args) {
    String jar;
    if (codec.equals(ChunkstoreCodec.NAME)) {
      jar = "io.github.chunkstore:chunkstore";
    } else if (codec.startsWith("Lucene")) {
      // The tool bundles lucene-backward-codecs: a Lucene codec it lacks comes from a newer Lucene.
      return "the index uses codec '"
          + codec
          + "', which this tool's Lucene "
          + Version.LATEST
          + " does not have (even with lucene-backward-codecs): the index was"
          + " written by a newer Lucene";
    } else {
      jar = "the jar of the library that defines codec '" + codec + "'";
    }
    String tool = toolJar();
    return "the index uses codec '"
        + codec
        + "', which is not on the class path; add "
        + jar
        + " to it: java -cp "
        + tool
        + File.pathSeparator
        + "CODEC.jar "
        + ChunkstoreCommand.class.getName()
        + (args.isEmpty() ? "" : " " + String.join(" ", args));
  }

  /** The tool's jar (or classes directory), as the JVM was given it. */
  private static String toolJar() {
    try {
      return Path.of(
              ChunkstoreCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException | RuntimeException e) {
      return "chunkstore-tool.jar";
    }
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
