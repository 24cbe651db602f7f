package io.sopflow.sla;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The escalation of an SLA breach that a process owner models without Java (the element template "Escalate an SLA
 * breach", bean {@code escalateSlaBreachDelegate}): recorded in the audit trail as {@code ESCALATED} and published as
 * {@link SlaBreached}, so it is counted like every SOP's own escalations. SOPs with escalation rules of their own
 * (the incident's tiers) keep their delegate.
 */
@Service
public class SlaEscalations {

  private final AuditTrail auditTrail;
  private final ApplicationEventPublisher events;

  SlaEscalations(AuditTrail auditTrail, ApplicationEventPublisher events) {
    this.auditTrail = auditTrail;
    this.events = events;
  }

  @Transactional
  public void escalate(String sop, String recordKey, String target, String priority, int level, String offeredTo) {
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "ESCALATED", sop, recordKey,
        "SLA " + target + " breached; escalation level " + level
            + (offeredTo == null || offeredTo.isBlank() ? "" : "; offered to " + offeredTo)));
    events.publishEvent(new SlaBreached(sop, priority, target, level));
  }
}
