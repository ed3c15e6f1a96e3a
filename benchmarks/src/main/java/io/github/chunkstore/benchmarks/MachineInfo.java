package io.github.chunkstore.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.util.Version;

/** The machine a benchmark ran on, for the report: numbers without it mean little. */
record MachineInfo(String cpu, int cores, long memoryBytes, String os, String jdk, String lucene) {

  static MachineInfo describe() {
    String cpu = System.getProperty("os.arch");
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture will do
    }
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return new MachineInfo(
        cpu,
        Runtime.getRuntime().availableProcessors(),
        memory,
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        Version.LATEST.toString());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s, %d cores, %.0f GiB RAM, %s, %s, Lucene %s",
        cpu,
        cores,
        memoryBytes / (double) (1L << 30),
        os,
        jdk,
        lucene);
  }
}
