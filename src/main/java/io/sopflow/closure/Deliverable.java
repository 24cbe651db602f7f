package io.sopflow.closure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One deliverable of a project closure and its verification: pending (not verified in the current round), accepted,
 * or open (not accepted; goes back to the project manager to resolve, then is verified again).
 */
@Entity
@Table(name = "project_deliverable")
public class Deliverable {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "closure_id", nullable = false, updatable = false)
  private ProjectClosure closure;

  @Column(name = "sort_index", nullable = false, updatable = false)
  private int sortIndex;

  @Column(nullable = false, updatable = false, length = 200)
  private String name;

  @Column(name = "acceptance_criteria", nullable = false, updatable = false, length = 2000)
  private String acceptanceCriteria;

  /** null = pending verification in the current round. */
  @Column(name = "accepted")
  private Boolean accepted;

  @Column(name = "verification_note", length = 2000)
  private String verificationNote;

  @Column(name = "verified_by", length = 64)
  private String verifiedBy;

  /** The client contact a delegate verified for ({@code verifiedBy} is then the delegate); null otherwise. */
  @Column(name = "verified_acting_for", length = 64)
  private String verifiedActingFor;

  @Column(name = "verified_at")
  private Instant verifiedAt;

  @Column(name = "rejection_count", nullable = false)
  private int rejectionCount;

  /** Why it was last not accepted: kept when a later round accepts it. */
  @Column(name = "rejection_note", length = 2000)
  private String rejectionNote;

  @Column(name = "resolution_note", length = 2000)
  private String resolutionNote;

  protected Deliverable() {}

  Deliverable(ProjectClosure closure, int sortIndex, String name, String acceptanceCriteria) {
    this.closure = closure;
    this.sortIndex = sortIndex;
    this.name = name;
    this.acceptanceCriteria = acceptanceCriteria;
  }

  void verify(boolean accepted, String note, String by, String actingFor, Instant when) {
    if (this.accepted != null) {
      throw new IllegalStateException("Deliverable '" + name + "' was already verified in this round");
    }
    this.accepted = accepted;
    this.verificationNote = note;
    this.verifiedBy = by;
    this.verifiedActingFor = actingFor;
    this.verifiedAt = when;
    if (!accepted) {
      rejectionCount++;
      rejectionNote = note;
    }
  }

  /** An open deliverable was worked on: it is verified again in the next round. */
  void reopenForVerification(String resolutionNote) {
    if (!isOpen()) {
      throw new IllegalStateException("Deliverable '" + name + "' is not open");
    }
    this.accepted = null;
    this.resolutionNote = resolutionNote;
  }

  public boolean isPending() {
    return accepted == null;
  }

  public boolean isOpen() {
    return Boolean.FALSE.equals(accepted);
  }

  public boolean isAccepted() {
    return Boolean.TRUE.equals(accepted);
  }

  public Long getId() {
    return id;
  }

  public int getSortIndex() {
    return sortIndex;
  }

  public String getName() {
    return name;
  }

  public String getAcceptanceCriteria() {
    return acceptanceCriteria;
  }

  public Boolean getAccepted() {
    return accepted;
  }

  public String getVerificationNote() {
    return verificationNote;
  }

  public String getVerifiedBy() {
    return verifiedBy;
  }

  public String getVerifiedActingFor() {
    return verifiedActingFor;
  }

  public Instant getVerifiedAt() {
    return verifiedAt;
  }

  public int getRejectionCount() {
    return rejectionCount;
  }

  public String getRejectionNote() {
    return rejectionNote;
  }

  public String getResolutionNote() {
    return resolutionNote;
  }
}
