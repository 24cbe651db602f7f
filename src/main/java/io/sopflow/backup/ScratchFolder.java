package io.sopflow.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A fresh, empty folder for one restore, removed with everything in it when closed: use it in try-with-resources so
 * that it goes whatever happens (a failed or killed restore, a failed check). Restored trees may hold read-only
 * folders ({@code cp -a} keeps modes): they are made writable on the way down so that their content can go.
 */
final class ScratchFolder implements AutoCloseable {

  private final Path path;

  private ScratchFolder(Path path) {
    this.path = path;
  }

  static ScratchFolder create(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    return new ScratchFolder(Files.createTempDirectory(parent, prefix));
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        makeWritable(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void makeWritable(Path dir) {
    try {
      Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
      if (permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE))) {
        Files.setPosixFilePermissions(dir, permissions);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not POSIX or not ours: the delete below says whether it mattered.
    }
  }
}
