package io.github.chunkstore.tools.cli;

import java.io.Closeable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar ({@code me.tongfei:progressbar}) on standard error when that is a terminal;
 * nothing otherwise, so redirected output and the tests see no bar.
 */
final class Progress implements Closeable {

  /** Held while the bar or a line printed {@linkplain #above above} it is written. */
  private static final Object TERMINAL = new Object();

  /** ANSI: carriage return, then erase the whole line. */
  private static final String ERASE_LINE = "\r\033[2K";

  private final ProgressBar bar;
  private boolean closed;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * A bar for {@code total} steps of {@code unit} (-1: not known yet, see {@link #maxHint}), shown
   * only if {@code wanted} and on a terminal.
   */
  static Progress start(String task, long total, String unit, boolean wanted) {
    if (!wanted || !interactive()) {
      return new Progress(null);
    }
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setUnit(" " + unit, 1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .showSpeed()
            .setConsumer(new DelegatingProgressBarConsumer(Progress::draw))
            .build());
  }

  private static void draw(String rendered) {
    synchronized (TERMINAL) {
      System.err.print('\r' + rendered);
      System.err.flush();
    }
  }

  /** Advances the bar by {@code steps}. */
  void stepBy(long steps) {
    if (bar != null) {
      bar.stepBy(steps);
    }
  }

  /** Sets the number of steps, once it is known. */
  void maxHint(long total) {
    if (bar != null) {
      bar.maxHint(total);
    }
  }

  /**
   * A stream to {@code target} whose lines print above the bar: each line first erases the bar,
   * which draws itself again on its next update. Without a bar, {@code target} itself.
   */
  PrintStream above(PrintStream target) {
    if (bar == null) {
      return target;
    }
    OutputStream lines =
        new OutputStream() {
          private boolean lineStart = true;

          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            synchronized (TERMINAL) {
              if (lineStart && length > 0) {
                System.err.print(ERASE_LINE);
                System.err.flush();
              }
              target.write(bytes, offset, length);
              target.flush();
              if (length > 0) {
                lineStart = bytes[offset + length - 1] == '\n';
              }
            }
          }
        };
    return new PrintStream(lines, true, target.charset());
  }

  @Override
  public void close() {
    finish();
  }

  /** Stops the bar, leaving its last state on its own line; a second call does nothing. */
  void finish() {
    if (bar != null && !closed) {
      closed = true;
      bar.close();
      synchronized (TERMINAL) {
        System.err.println();
        System.err.flush();
      }
    }
  }

  /** Whether there is a terminal to draw on: Console.isTerminal() from JDK 22, console() before. */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
