package io.sopflow.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** One file named in the evidence of a failed verification: missing, changed, extra, or a bad manifest line. */
@Embeddable
public class RecordedMismatch {

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false, length = 16)
  private ManifestVerifier.Kind kind;

  @Column(name = "path", nullable = false, length = 1000)
  private String path;

  @Column(name = "detail", length = 300)
  private String detail;

  protected RecordedMismatch() {}

  RecordedMismatch(ManifestVerifier.Mismatch mismatch) {
    this.kind = mismatch.kind();
    this.path = BackupVerification.cut(mismatch.path(), 1000);
    this.detail = BackupVerification.cut(mismatch.detail(), 300);
  }

  public ManifestVerifier.Kind getKind() { return kind; }
  public String getPath() { return path; }
  public String getDetail() { return detail; }
}
