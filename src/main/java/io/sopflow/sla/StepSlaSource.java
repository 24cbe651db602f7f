package io.sopflow.sla;

import java.util.Map;

/**
 * An SOP's step SLAs by name ({@code "change.review"}), as the models refer to them:
 * {@code camunda:dueDate="${slaDates.escalation('change.review')}"}. Implemented by each SOP's SLA properties, so
 * this shared package knows none of them.
 */
public interface StepSlaSource {

  Map<String, StepSla> stepSlas();
}
