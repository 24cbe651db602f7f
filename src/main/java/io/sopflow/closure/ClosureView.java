package io.sopflow.closure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A project closure as {@code GET /api/project-closures/{key}} shows it. */
public record ClosureView(
    String key,
    String projectCode,
    String name,
    String status,
    String projectManager,
    String sponsor,
    String clientContact,
    List<DeliverableView> deliverables,
    BigDecimal budget,
    BigDecimal actualCost,
    BigDecimal variance,
    BigDecimal variancePercent,
    String varianceExplanation,
    SignOff signOff,
    int signOffRefusals,
    String lastRefusalReason,
    Instant signOffEscalatedAt,
    boolean lessonsRecorded,
    boolean financesClosed,
    boolean resourcesReleased,
    List<String> releasedAccessGrants,
    boolean reportAvailable,
    Instant reportGeneratedAt,
    Instant reviewDueAt,
    Instant closedAt,
    String requestedBy,
    Instant requestedAt,
    String processInstanceId) {

  /** A deliverable and its latest verification ({@code result}: PENDING, ACCEPTED or OPEN). */
  public record DeliverableView(Long id, String name, String acceptanceCriteria, String result, String verificationNote,
      String verifiedBy, String verifiedActingFor, Instant verifiedAt, int rejectionCount, String rejectionNote, String resolutionNote) {

    static DeliverableView of(Deliverable d) {
      return new DeliverableView(d.getId(), d.getName(), d.getAcceptanceCriteria(), resultOf(d), d.getVerificationNote(),
          d.getVerifiedBy(), d.getVerifiedActingFor(), d.getVerifiedAt(), d.getRejectionCount(), d.getRejectionNote(), d.getResolutionNote());
    }

    static String resultOf(Deliverable d) {
      return d.isPending() ? "PENDING" : d.isAccepted() ? "ACCEPTED" : "OPEN";
    }
  }

  /** Who signed off (and for whom, when a delegate signed for the sponsor; else null), when, with which comment. */
  public record SignOff(String by, String actingFor, Instant at, String comment) {}

  static ClosureView of(ProjectClosure c) {
    return new ClosureView(c.getKey(), c.getProjectCode(), c.getName(), c.getStatus().name(), c.getProjectManager(),
        c.getSponsor(), c.getClientContact(), c.getDeliverables().stream().map(DeliverableView::of).toList(),
        c.getBudget(), c.getActualCost(), c.variance(), c.variancePercent().orElse(null), c.getVarianceExplanation(),
        c.getSignedOffAt() == null ? null : new SignOff(c.getSignedOffBy(), c.getSignedOffActingFor(), c.getSignedOffAt(), c.getSignOffComment()),
        c.getSignOffRefusals(), c.getLastRefusalReason(), c.getSignOffEscalatedAt(), c.getLessonsAt() != null, c.getFinanceClosedAt() != null,
        c.getResourcesReleasedAt() != null, c.getReleasedAccess(), c.getReportHtml() != null, c.getReportGeneratedAt(), c.getReviewDueAt(),
        c.getClosedAt(), c.getRequestedBy(), c.getRequestedAt(), c.getProcessInstanceId());
  }
}
