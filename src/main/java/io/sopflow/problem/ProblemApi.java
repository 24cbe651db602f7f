package io.sopflow.problem;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.sopflow.incident.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The JSON of {@code /api/problems}: field names are a public contract (DESIGN.md). */
public final class ProblemApi {

  private ProblemApi() {}

  /**
   * {@code POST /api/problems}, and what Tasklist's start form "Raise problem" submits; the raiser is the caller.
   * {@code incidentNumbers} is a JSON array; a single string is taken as a comma-separated list (the start form has a
   * text field).
   */
  public record RaiseProblem(
      @NotBlank @Size(max = 200) String title,
      @NotBlank @Size(max = 4000) String description,
      @Size(max = 200) String configurationItem,
      @Size(max = 50) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      List<@NotBlank @Size(max = 1000) String> incidentNumbers) {}

  /** A problem as {@code GET /api/problems/{number}} and the list show it. */
  public record ProblemView(String number, String title, String description, String configurationItem,
      ProblemOrigin origin, ProblemStatus status, Priority priority, String raisedBy, List<String> incidentNumbers,
      String decidedBy, String decisionReason, String fiveWhys, String rootCause, RootCauseCategory rootCauseCategory,
      String contributingFactors, boolean knownError, String workaround, String investigatedBy, Instant knownErrorAt,
      int investigationRounds, String changeNumber, String changeOutcome, String fixVerifiedBy, Instant fixVerifiedAt,
      Instant createdAt, Instant updatedAt, Instant closedAt, String processInstanceId) {

    static ProblemView of(Problem p, List<String> incidentNumbers) {
      return new ProblemView(p.getNumber(), p.getTitle(), p.getDescription(), p.getConfigurationItem(),
          p.getOrigin(), p.getStatus(), p.getPriority(), p.getRaisedBy(), incidentNumbers, p.getDecidedBy(),
          p.getDecisionReason(), p.getFiveWhys(), p.getRootCause(), p.getRootCauseCategory(),
          p.getContributingFactors(), p.isKnownError(), p.getWorkaround(), p.getInvestigatedBy(),
          p.getKnownErrorAt(), p.getInvestigationRounds(), p.getChangeNumber(), p.getChangeOutcome(),
          p.getFixVerifiedBy(), p.getFixVerifiedAt(), p.getCreatedAt(), p.getUpdatedAt(), p.getClosedAt(),
          p.getProcessInstanceId());
    }
  }

  /** What the forms of the problem's tasks show, read from the record when a task is created. */
  public record TaskDetails(String title, String description, String configurationItem, String priority,
      String incidentNumbers, String rootCause, String workaround, String changeNumber, String changeOutcome) {

    static TaskDetails of(Problem p, List<String> incidentNumbers) {
      return new TaskDetails(p.getTitle(), p.getDescription(), orEmpty(p.getConfigurationItem()),
          p.getPriority().name(), String.join(", ", incidentNumbers), orEmpty(p.getRootCause()),
          orEmpty(p.getWorkaround()), orEmpty(p.getChangeNumber()), orEmpty(p.getChangeOutcome()));
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }

  /** The investigation's findings (form "Investigate root cause"). */
  public record Investigation(String fiveWhys, String rootCause, RootCauseCategory category,
      String contributingFactors, String workaround) {}
}
