package io.github.chunkstore.tools.cli;

import java.io.Closeable;
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

  /** Held while the bar is drawn or closed, so that its lines do not interleave. */
  private static final Object TERMINAL = new Object();

  private final ProgressBar bar;
  private boolean closed;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * A bar for {@code total} steps of {@code unit}, shown only if {@code wanted} and on a terminal.
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

  /** Stops the bar, leaving its last state on its own line; a second call does nothing. */
  @Override
  public void close() {
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
