package io.sopflow.change;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Change approval settings.
 *
 * <pre>
 * sopflow.change.cab.voting-rule=ALL            # or MAJORITY; any REJECT vetoes either way
 * sopflow.change.standard-templates[0].name=Certificate renewal
 * sopflow.change.standard-templates[0].title-prefix=Renew certificate
 * sopflow.change.standard-templates[0].service=            # optional: must be among the affected services
 * sopflow.change.standard-templates[0].max-risk=LOW
 * sopflow.change.freeze-windows[0].name=Year-end freeze
 * sopflow.change.freeze-windows[0].start=2026-12-15T00:00:00+01:00
 * sopflow.change.freeze-windows[0].end=2027-01-05T00:00:00+01:00
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.change")
public record ChangeProperties(@Valid List<StandardTemplate> standardTemplates, @Valid @NotNull @DefaultValue Cab cab,
    @Valid List<FreezeWindow> freezeWindows) {

  public ChangeProperties {
    standardTemplates = standardTemplates == null ? StandardTemplate.DEFAULTS : List.copyOf(standardTemplates);
    freezeWindows = freezeWindows == null ? List.of() : List.copyOf(freezeWindows);
  }

  /** How the CAB decides. */
  public enum VotingRule { ALL, MAJORITY }

  /** CAB settings. */
  public record Cab(@NotNull @DefaultValue("ALL") VotingRule votingRule) {}

  /** A pre-approved kind of change: a STANDARD request matching it needs no review and no CAB. */
  public record StandardTemplate(@NotBlank String name, String titlePrefix, String service,
      @NotNull @DefaultValue("LOW") RiskLevel maxRisk) {

    static final List<StandardTemplate> DEFAULTS = List.of(
        new StandardTemplate("Certificate renewal", "Renew certificate", null, RiskLevel.LOW),
        new StandardTemplate("Security patch", "Apply security patch", null, RiskLevel.MEDIUM));

    @AssertTrue(message = "needs a title-prefix or a service to match on")
    public boolean isMatchable() {
      return (titlePrefix != null && !titlePrefix.isBlank()) || (service != null && !service.isBlank());
    }

    boolean matches(String title, List<String> services, RiskLevel risk) {
      boolean titleMatches = titlePrefix == null || titlePrefix.isBlank()
          || title.toLowerCase(Locale.ROOT).startsWith(titlePrefix.toLowerCase(Locale.ROOT));
      boolean serviceMatches = service == null || service.isBlank() || services.contains(service);
      return titleMatches && serviceMatches && risk.compareTo(maxRisk) <= 0;
    }
  }

  /** A period in which changes do not start without a manager's exception. */
  public record FreezeWindow(@NotBlank String name, @NotNull OffsetDateTime start, @NotNull OffsetDateTime end) {

    @AssertTrue(message = "end must be after start")
    public boolean isOrdered() {
      return start == null || end == null || end.isAfter(start);
    }

    boolean contains(Instant instant) {
      return !instant.isBefore(start.toInstant()) && instant.isBefore(end.toInstant());
    }
  }
}
