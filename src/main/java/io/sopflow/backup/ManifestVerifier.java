package io.sopflow.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a restored tree against its manifest in {@code sha256sum} format ({@code <hex>  <path>} or
 * {@code <hex> *<path>}, one file a line, paths relative to the tree): every listed file must be there with its
 * SHA-256, and no file may be there that the manifest does not list (the manifest itself excepted).
 *
 * <p>Streaming, so memory stays flat whatever the size of the set: the manifest is read line by line, each file is
 * hashed through one reused buffer, and only the set of listed paths (not their content) is held to find extra files.
 * The first {@value #KEPT_MISMATCHES} mismatches are kept with their path, all of them are counted.
 */
public final class ManifestVerifier {

  static final int KEPT_MISMATCHES = 100;
  private static final int BUFFER = 1 << 16;
  private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

  /** What is wrong with one file. */
  public enum Kind { MISSING, CHANGED, EXTRA, MALFORMED }

  public record Mismatch(Kind kind, String path, String detail) {}

  /**
   * The outcome: files and bytes hashed, the manifest's own SHA-256 and last-modified time (the backup's age: a backup
   * job writes its manifest last), the mismatches kept and how many there were in all.
   */
  public record Result(long filesChecked, long bytesChecked, String manifestSha256, Instant manifestWrittenAt,
      List<Mismatch> mismatches, long mismatchCount) {

    public boolean passed() {
      return mismatchCount == 0;
    }
  }

  private final byte[] buffer = new byte[BUFFER];
  private final MessageDigest digest;
  private final List<Mismatch> mismatches = new ArrayList<>();
  private long mismatchCount;

  private ManifestVerifier() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Verifies {@code root} against {@code manifest} (relative = inside {@code root}). An unreadable tree is an
   * {@link IOException}; everything wrong with the files or the manifest's lines is a mismatch.
   */
  public static Result verify(Path root, String manifest) throws IOException {
    return new ManifestVerifier().run(root.toAbsolutePath().normalize(), manifest);
  }

  private Result run(Path root, String manifestName) throws IOException {
    Path manifest = root.resolve(manifestName).normalize();
    if (!Files.isRegularFile(manifest)) {
      mismatch(Kind.MISSING, manifestName, "the manifest is not in the restored backup");
      return new Result(0, 0, null, null, List.copyOf(mismatches), mismatchCount);
    }
    Instant writtenAt = Files.getLastModifiedTime(manifest).toInstant();
    String manifestSha256 = hex(hash(manifest));
    Set<String> listed = new HashSet<>();
    long files = 0;
    long bytes = 0;
    try (BufferedReader lines = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        Entry entry = parse(line);
        if (entry == null) {
          mismatch(Kind.MALFORMED, manifestName + ":" + number, "not a sha256sum line");
          continue;
        }
        String path = relative(entry.path());
        if (path == null) {
          mismatch(Kind.MALFORMED, entry.path(), "path leaves the backup (line " + number + ")");
          continue;
        }
        if (!listed.add(path)) {
          mismatch(Kind.MALFORMED, path, "listed twice (line " + number + ")");
          continue;
        }
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
          mismatch(Kind.MISSING, path, "listed in the manifest, not restored");
          continue;
        }
        byte[] actual;
        try {
          actual = hash(file);
        } catch (NoSuchFileException e) {
          mismatch(Kind.MISSING, path, "listed in the manifest, not restored");
          continue;
        }
        files++;
        bytes += Files.size(file);
        if (!HexFormat.of().formatHex(actual).equalsIgnoreCase(entry.sha256())) {
          mismatch(Kind.CHANGED, path, "SHA-256 " + hex(actual) + ", manifest says " + entry.sha256().toLowerCase());
        }
      }
    }
    Path manifestRelative = manifest.startsWith(root) ? root.relativize(manifest) : null;
    try (Stream<Path> tree = Files.walk(root)) {
      tree.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(root::relativize)
          .filter(p -> !p.equals(manifestRelative))
          .map(ManifestVerifier::slashed)
          .filter(p -> !listed.contains(p))
          .sorted()
          .forEach(p -> mismatch(Kind.EXTRA, p, "restored, not listed in the manifest"));
    }
    return new Result(files, bytes, manifestSha256, writtenAt, List.copyOf(mismatches), mismatchCount);
  }

  private byte[] hash(Path file) throws IOException {
    digest.reset();
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, read);
      }
    }
    return digest.digest();
  }

  private void mismatch(Kind kind, String path, String detail) {
    mismatchCount++;
    if (mismatches.size() < KEPT_MISMATCHES) {
      mismatches.add(new Mismatch(kind, path, detail));
    }
  }

  private record Entry(String sha256, String path) {}

  /** One line of {@code sha256sum} output; a leading backslash marks an escaped name (backslash, newline). */
  static Entry parse(String line) {
    boolean escaped = line.startsWith("\\");
    Matcher m = LINE.matcher(escaped ? line.substring(1) : line);
    if (!m.matches()) {
      return null;
    }
    String name = m.group(2);
    if (escaped) {
      name = name.replace("\\n", "\n").replace("\\\\", "\\");
    }
    return new Entry(m.group(1), name);
  }

  /** The listed path relative to the tree with '/' separators, or null if it is absolute or leaves the tree. */
  static String relative(String listed) {
    Path path;
    try {
      path = Path.of(listed).normalize();
    } catch (RuntimeException e) {
      return null;
    }
    if (path.isAbsolute() || path.toString().isEmpty() || path.startsWith("..")) {
      return null;
    }
    return slashed(path);
  }

  private static String slashed(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
