package io.sopflow.change;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Change approval settings.
 *
 * <pre>
 * sopflow.change.cab.voting-rule=ALL            # or MAJORITY; any REJECT vetoes either way
 * sopflow.change.ecab-group=change-advisory-board   # the emergency CAB: two different members approve
 * sopflow.change.min-meaningful-length=12       # a backout plan or test evidence shorter than this says nothing
 * sopflow.change.standard-templates[0].key=certificate-renewal     # what a STANDARD request names in "template"
 * sopflow.change.standard-templates[0].name=Certificate renewal
 * sopflow.change.standard-templates[0].description=Renew a TLS certificate before it expires
 * sopflow.change.standard-templates[0].service=            # optional: must be among the affected services
 * sopflow.change.standard-templates[0].max-risk=LOW        # riskier requests go the NORMAL route
 * sopflow.change.freeze-windows[0].name=Year-end freeze
 * sopflow.change.freeze-windows[0].start=2026-12-15T00:00:00+01:00
 * sopflow.change.freeze-windows[0].end=2027-01-05T00:00:00+01:00
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.change")
public record ChangeProperties(@Valid List<StandardTemplate> standardTemplates, @Valid @NotNull @DefaultValue Cab cab,
    @Valid List<FreezeWindow> freezeWindows, @NotBlank @DefaultValue("change-advisory-board") String ecabGroup,
    @Min(1) @DefaultValue("12") int minMeaningfulLength) {

  public ChangeProperties {
    standardTemplates = standardTemplates == null ? StandardTemplate.DEFAULTS : List.copyOf(standardTemplates);
    freezeWindows = freezeWindows == null ? List.of() : List.copyOf(freezeWindows);
    ecabGroup = ecabGroup == null || ecabGroup.isBlank() ? "change-advisory-board" : ecabGroup;
    minMeaningfulLength = minMeaningfulLength < 1 ? 12 : minMeaningfulLength;
  }

  /** How the CAB decides. */
  public enum VotingRule { ALL, MAJORITY }

  /** CAB settings. */
  public record Cab(@NotNull @DefaultValue("ALL") VotingRule votingRule) {}

  /** The catalogue entry by key ({@code "template"} of a STANDARD request). */
  public Optional<StandardTemplate> template(String key) {
    return standardTemplates.stream().filter(t -> t.key().equals(key)).findFirst();
  }

  /**
   * A pre-approved kind of change (the catalogue of {@code GET /api/change-templates}): a STANDARD request naming it
   * needs no review and no CAB, as long as its risk stays within {@code maxRisk} and it touches the template's service.
   */
  public record StandardTemplate(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]*") String key, @NotBlank String name,
      String description, String service, @NotNull @DefaultValue("LOW") RiskLevel maxRisk) {

    static final List<StandardTemplate> DEFAULTS = List.of(
        new StandardTemplate("certificate-renewal", "Certificate renewal",
            "Renew a TLS certificate before it expires", null, RiskLevel.LOW),
        new StandardTemplate("security-patch", "Security patch",
            "Apply a vendor security patch that passed staging", null, RiskLevel.MEDIUM));

    /** Why a request naming this template is not pre-approved after all, or empty if it is. */
    Optional<String> mismatch(List<String> services, RiskLevel risk) {
      if (service != null && !service.isBlank() && !services.contains(service)) {
        return Optional.of("template '" + key + "' covers service '" + service + "' only");
      }
      if (risk.compareTo(maxRisk) > 0) {
        return Optional.of("risk " + risk + " is above the template's " + maxRisk);
      }
      return Optional.empty();
    }
  }

  /** A period in which changes do not run without a manager's exception. */
  public record FreezeWindow(@NotBlank String name, @NotNull OffsetDateTime start, @NotNull OffsetDateTime end) {

    @AssertTrue(message = "end must be after start")
    public boolean isOrdered() {
      return start == null || end == null || end.isAfter(start);
    }

    /** Whether any part of the window [from, to) falls into this freeze (not only its start). */
    boolean overlaps(Instant from, Instant to) {
      return from.isBefore(end.toInstant()) && start.toInstant().isBefore(to);
    }
  }
}
