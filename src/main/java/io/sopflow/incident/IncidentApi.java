package io.sopflow.incident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of {@code /api/incidents}. */
public final class IncidentApi {

  private IncidentApi() {}

  /** {@code POST /api/incidents}; the reporter is the authenticated caller. */
  public record ReportIncident(
      @NotBlank @Size(max = 200) String title,
      @NotBlank @Size(max = 4000) String description,
      @NotNull Level impact,
      @NotNull Level urgency,
      @NotBlank @Size(max = 100) String category,
      @Size(max = 200) String configurationItem) {}

  /** {@code POST /api/incidents/{number}/comments}. */
  public record AddComment(@NotBlank @Size(max = 4000) String text) {}

  public record EscalationView(Instant escalatedAt, SlaTarget slaTarget, EscalationKind kind, int fromLevel,
      int toLevel, String fromGroup, String toGroup, String reason) {

    static EscalationView of(IncidentEscalation e) {
      return new EscalationView(e.getEscalatedAt(), e.getSlaTarget(), e.getKind(), e.getFromLevel(), e.getToLevel(),
          e.getFromGroup(), e.getToGroup(), e.getReason());
    }
  }

  /** An entry of the work log: who, when, what kind (comment, triage or resolution note, question, answer), text. */
  public record CommentView(String author, String text, Instant createdAt, WorkLogKind kind) {

    static CommentView of(IncidentComment c) {
      return new CommentView(c.getAuthor(), c.getBody(), c.getCreatedAt(), c.getKind());
    }
  }

  /** The full record, as {@code GET /api/incidents/{number}} and {@code POST /api/incidents} answer. */
  public record IncidentView(String number, String title, String description, Level impact, Level urgency,
      String category, String configurationItem, Priority priority, IncidentStatus status, String reporter,
      String assignmentGroup, int escalationLevel, boolean majorIncident, String slaCalendar,
      boolean responseBreached, boolean resolutionBreached, boolean managersNotified, Instant createdAt,
      Instant responseWarningAt, Instant responseDueAt, Instant resolutionWarningAt, Instant resolutionDueAt,
      Instant acknowledgedAt, String acknowledgedBy, Instant pausedAt, String questionForRequester,
      Instant resolvedAt, String resolvedBy, String resolutionNotes, Instant confirmedAt, Instant closedAt,
      boolean closedAutomatically, int reopenCount, Instant reviewedAt, String reviewedBy, String processInstanceId,
      List<EscalationView> escalations, List<CommentView> comments, List<CommentView> workLog,
      List<ReviewActionView> reviewActions, String problemNumber, String workaround) {

    static IncidentView of(Incident i, List<IncidentEscalation> escalations, List<IncidentComment> comments,
        List<IncidentReviewAction> reviewActions, ProblemLinks.ProblemLink problem) {
      return new IncidentView(i.getNumber(), i.getTitle(), i.getDescription(), i.getImpact(), i.getUrgency(),
          i.getCategory(), i.getConfigurationItem(), i.getPriority(), i.getStatus(), i.getReporter(),
          i.getAssignmentGroup(), i.getEscalationLevel(), i.getPriority().isMajor(), i.getSlaCalendar(),
          i.isResponseBreached(), i.isResolutionBreached(), i.isManagersNotified(), i.getCreatedAt(),
          i.getResponseWarningAt(), i.getResponseDueAt(), i.getResolutionWarningAt(), i.getResolutionDueAt(),
          i.getAcknowledgedAt(), i.getAcknowledgedBy(), i.getPausedAt(), i.getQuestionForRequester(),
          i.getResolvedAt(), i.getResolvedBy(), i.getResolutionNotes(), i.getConfirmedAt(), i.getClosedAt(),
          i.isClosedAutomatically(), i.getReopenCount(), i.getReviewedAt(), i.getReviewedBy(),
          i.getProcessInstanceId(), escalations.stream().map(EscalationView::of).toList(),
          comments.stream().filter(c -> c.getKind() == WorkLogKind.COMMENT || c.getKind() == WorkLogKind.ANSWER)
              .map(CommentView::of).toList(),
          comments.stream().map(CommentView::of).toList(),
          reviewActions.stream().map(ReviewActionView::of).toList(),
          problem == null ? null : problem.problemNumber(), problem == null ? null : problem.workaround());
    }
  }

  /** An action of the post-incident review. */
  public record ReviewActionView(String action, String owner, java.time.LocalDate dueDate, String recordedBy,
      Instant recordedAt) {

    static ReviewActionView of(IncidentReviewAction a) {
      return new ReviewActionView(a.getAction(), a.getOwner(), a.getDueDate(), a.getRecordedBy(), a.getRecordedAt());
    }
  }

  /** One line of {@code GET /api/incidents}. */
  public record IncidentSummary(String number, String title, Priority priority, IncidentStatus status,
      String reporter, String assignmentGroup, int escalationLevel, boolean responseBreached,
      boolean resolutionBreached, Instant createdAt, Instant responseDueAt, Instant resolutionDueAt,
      String processInstanceId) {

    static IncidentSummary of(Incident i) {
      return new IncidentSummary(i.getNumber(), i.getTitle(), i.getPriority(), i.getStatus(), i.getReporter(),
          i.getAssignmentGroup(), i.getEscalationLevel(), i.isResponseBreached(), i.isResolutionBreached(),
          i.getCreatedAt(), i.getResponseDueAt(), i.getResolutionDueAt(), i.getProcessInstanceId());
    }
  }

  /** Filters of {@code GET /api/incidents}; null means "any". */
  public record IncidentFilter(IncidentStatus status, Priority priority, Boolean breached, String assignmentGroup) {}

  /**
   * What the forms of the incident's tasks show beside the references the process carries: read from the record when
   * a task is created, put on the task as task-local variables named like the form fields. The work log is one text
   * (a form-js 1.8 form has no list component), newest entry last.
   */
  public record TaskDetails(String title, Priority priority, String resolutionNotes, String description,
      String category, String configurationItem, Instant responseDueAt, Instant resolutionDueAt,
      String questionForRequester, String answer, String workLog, String problemNumber, String workaround) {

    /** For tests and callers that need only what every form shows. */
    public TaskDetails(String title, Priority priority, String resolutionNotes) {
      this(title, priority, resolutionNotes, "", "", "", null, null, "", "", "", "", "");
    }

    static TaskDetails of(Incident i, List<IncidentComment> log, ProblemLinks.ProblemLink problem) {
      String answer = log.stream().filter(e -> e.getKind() == WorkLogKind.ANSWER).reduce((a, b) -> b)
          .map(IncidentComment::getBody).orElse("");
      return new TaskDetails(i.getTitle(), i.getPriority(), i.getResolutionNotes(), i.getDescription(),
          i.getCategory(), i.getConfigurationItem() == null ? "" : i.getConfigurationItem(), i.getResponseDueAt(),
          i.getResolutionDueAt(), i.getQuestionForRequester() == null ? "" : i.getQuestionForRequester(), answer,
          workLogText(log), problem == null ? "" : problem.problemNumber(),
          problem == null || problem.workaround() == null ? "" : problem.workaround());
    }

    static String workLogText(List<IncidentComment> log) {
      if (log.isEmpty()) {
        return "(empty)";
      }
      StringBuilder text = new StringBuilder();
      for (IncidentComment e : log) {
        text.append(e.getCreatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("  ")
            .append(e.getAuthor()).append("  ").append(e.getKind()).append('\n').append(e.getBody()).append("\n\n");
      }
      return text.toString().strip();
    }
  }
}
