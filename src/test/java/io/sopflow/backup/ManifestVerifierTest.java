package io.sopflow.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.backup.ManifestVerifier.Kind;
import io.sopflow.backup.ManifestVerifier.Mismatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestVerifierTest {

  @TempDir Path root;

  @BeforeEach
  void aTreeWithItsManifest() throws Exception {
    write("ledger.csv", "2026-12-01;100\n");
    write("reports/q4.txt", "quarter four");
    write("reports/empty.txt", "");
    manifest("ledger.csv", "reports/q4.txt", "reports/empty.txt");
  }

  @Test
  void aTreeThatMatchesItsManifestPasses() throws Exception {
    ManifestVerifier.Result result = ManifestVerifier.verify(root, "MANIFEST.sha256");

    assertThat(result.passed()).isTrue();
    assertThat(result.filesChecked()).isEqualTo(3);
    assertThat(result.bytesChecked()).isEqualTo(15 + 12);
    assertThat(result.manifestSha256()).isEqualTo(sha256(Files.readAllBytes(root.resolve("MANIFEST.sha256"))));
    assertThat(result.manifestWrittenAt()).isNotNull();
  }

  @Test
  void changedMissingAndExtraFilesAreNamed() throws Exception {
    write("ledger.csv", "2026-12-01;999\n");
    Files.delete(root.resolve("reports/q4.txt"));
    write("reports/unlisted.bin", "surprise");

    ManifestVerifier.Result result = ManifestVerifier.verify(root, "MANIFEST.sha256");

    assertThat(result.passed()).isFalse();
    assertThat(result.mismatchCount()).isEqualTo(3);
    assertThat(result.mismatches()).extracting(Mismatch::kind, Mismatch::path).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Kind.CHANGED, "ledger.csv"),
        org.assertj.core.groups.Tuple.tuple(Kind.MISSING, "reports/q4.txt"),
        org.assertj.core.groups.Tuple.tuple(Kind.EXTRA, "reports/unlisted.bin"));
  }

  @Test
  void aMissingManifestFailsNamingIt() throws Exception {
    Files.delete(root.resolve("MANIFEST.sha256"));

    ManifestVerifier.Result result = ManifestVerifier.verify(root, "MANIFEST.sha256");

    assertThat(result.passed()).isFalse();
    assertThat(result.mismatches()).extracting(Mismatch::kind, Mismatch::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.MISSING, "MANIFEST.sha256"));
  }

  @Test
  void binaryModeDotSlashAndEscapedNamesAreReadAsSha256sumWritesThem() throws Exception {
    write("a b.txt", "spaces");
    write("back\\slash", "escaped");
    String lines = sha256(bytes("2026-12-01;100\n")) + " *./ledger.csv\n"
        + sha256(bytes("quarter four")) + "  reports/q4.txt\n"
        + sha256(bytes("")) + "  reports/empty.txt\n"
        + sha256(bytes("spaces")) + "  a b.txt\n"
        + "\\" + sha256(bytes("escaped")) + "  back\\\\slash\n";
    Files.writeString(root.resolve("MANIFEST.sha256"), lines);

    assertThat(ManifestVerifier.verify(root, "MANIFEST.sha256").mismatches()).isEmpty();
  }

  @Test
  void pathsThatLeaveTheTreeAndBadLinesAreRefusedNotFollowed() throws Exception {
    Files.writeString(root.resolve("MANIFEST.sha256"), Files.readString(root.resolve("MANIFEST.sha256"))
        + sha256(bytes("x")) + "  ../outside\n"
        + sha256(bytes("x")) + "  /etc/passwd\n"
        + "not a checksum line\n");

    ManifestVerifier.Result result = ManifestVerifier.verify(root, "MANIFEST.sha256");

    assertThat(result.filesChecked()).isEqualTo(3);
    assertThat(result.mismatches()).extracting(Mismatch::kind).containsExactly(Kind.MALFORMED, Kind.MALFORMED,
        Kind.MALFORMED);
  }

  private void write(String name, String content) throws Exception {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void manifest(String... names) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (String name : names) {
      lines.append(sha256(Files.readAllBytes(root.resolve(name)))).append("  ").append(name).append('\n');
    }
    Files.writeString(root.resolve("MANIFEST.sha256"), lines);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
