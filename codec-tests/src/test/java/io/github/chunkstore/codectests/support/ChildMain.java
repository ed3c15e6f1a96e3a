package io.github.chunkstore.codectests.support;

/**
 * The ending every child-JVM main shares: exit 0 when its checks pass, else print {@code FAILED}
 * with the stack trace (on stdout, which the parent captures) and exit 1.
 */
public final class ChildMain {

  /** A child's checks. */
  @FunctionalInterface
  public interface Checks {
    void run() throws Exception;
  }

  private ChildMain() {}

  /** Runs {@code checks} and exits the JVM with their verdict. */
  public static void exitAfter(Checks checks) {
    int status;
    try {
      checks.run();
      status = 0;
    } catch (Throwable t) {
      System.out.println("FAILED: " + t);
      t.printStackTrace(System.out);
      status = 1;
    }
    System.out.flush();
    System.exit(status);
  }
}
