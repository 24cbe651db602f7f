package io.sopflow.bench;

import io.sopflow.backup.ManifestVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * Hashing throughput of the backup SOP's manifest check ({@link ManifestVerifier}, issue 21: "verifies a generated
 * 2 GB set at disk speed with flat memory", target at least 200 MB/s on these machines). Generates a set of files of
 * random content with its {@code sha256sum} manifest, verifies it, and prints MB/s and the peak heap. Run it with a
 * small heap to show that memory does not grow with the set:
 *
 * <pre>./mvnw -o -B -Pbench -DskipTests test-compile
 * java -Xmx64m -cp target/classes:target/test-classes io.sopflow.bench.BackupHashingBench 2048 [dir]
 *   (argument 1: set size in MB, default 2048; argument 2: where to generate it, default the temp directory;
 *    as root, "sync; echo 3 > /proc/sys/vm/drop_caches" before the run measures the disk, not the page cache)</pre>
 *
 * The set is removed afterwards. Record the printed line in docs/benchmarks.md with the command that produced it.
 */
public final class BackupHashingBench {

  private static final int FILE_MB = 64;

  private BackupHashingBench() {}

  public static void main(String[] args) throws Exception {
    long sizeMb = args.length > 0 ? Long.parseLong(args[0]) : 2048;
    Path parent = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
    Path set = Files.createTempDirectory(parent, "sopflow-hash-bench-");
    try {
      generate(set, sizeMb);
      resetPeaks();
      long started = System.nanoTime();
      ManifestVerifier.Result result = ManifestVerifier.verify(set, "MANIFEST.sha256");
      double seconds = (System.nanoTime() - started) / 1e9;
      double mb = result.bytesChecked() / 1_048_576.0;
      System.out.printf("backup-hashing: %d files, %.0f MB in %.2f s = %.1f MB/s; peak heap %.1f MB (max %d MB); "
              + "passed=%s%n", result.filesChecked(), mb, seconds, mb / seconds, peakHeapMb(),
          Runtime.getRuntime().maxMemory() / 1_048_576, result.passed());
      if (!result.passed()) {
        System.exit(1);
      }
    } finally {
      delete(set);
    }
  }

  /** Files of {@value #FILE_MB} MB (the last one smaller) of random bytes, and their manifest. */
  private static void generate(Path set, long sizeMb) throws Exception {
    Random random = new Random(21);
    byte[] block = new byte[1 << 20];
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    StringBuilder manifest = new StringBuilder();
    long left = sizeMb;
    for (int n = 0; left > 0; n++) {
      long mb = Math.min(FILE_MB, left);
      String name = "data/part-" + n + ".bin";
      Path file = set.resolve(name);
      Files.createDirectories(file.getParent());
      digest.reset();
      try (OutputStream out = Files.newOutputStream(file)) {
        for (int i = 0; i < mb; i++) {
          random.nextBytes(block);
          digest.update(block);
          out.write(block);
        }
      }
      manifest.append(HexFormat.of().formatHex(digest.digest())).append("  ").append(name).append('\n');
      left -= mb;
    }
    Files.writeString(set.resolve("MANIFEST.sha256"), manifest, StandardCharsets.UTF_8);
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static double peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / 1_048_576.0;
  }

  private static void delete(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
