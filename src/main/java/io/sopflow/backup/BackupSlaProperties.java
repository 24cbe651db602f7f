package io.sopflow.backup;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLA of the one step where the backup SOP waits for people: the owner group investigates a failed restore test.
 * A reminder to the owner group, then the escalation to managers; counted in business hours by default.
 *
 * <pre>
 * sopflow.sla.backup.investigation.reminder=P1D
 * sopflow.sla.backup.investigation.escalation=P3D
 * sopflow.sla.backup.investigation.calendar=business-hours
 * </pre>
 *
 * The model reads it by step name: {@code ${slaDates.escalation('backup.investigation')}}.
 */
@ConfigurationProperties("sopflow.sla.backup")
public record BackupSlaProperties(StepSla investigation) implements StepSlaSource {

  public static final String INVESTIGATION = "backup.investigation";

  static final StepSla INVESTIGATION_DEFAULT = StepSla.of("P1D", "P3D", "business-hours");

  public BackupSlaProperties {
    investigation = investigation == null ? INVESTIGATION_DEFAULT : investigation.orElse(INVESTIGATION_DEFAULT);
  }

  public static BackupSlaProperties defaults() {
    return new BackupSlaProperties(null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(INVESTIGATION, investigation);
  }
}
