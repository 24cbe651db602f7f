package io.sopflow.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seals committed audit entries into the hash chain shortly after they are written ({@link AuditTrail}). Runs on every
 * node; the chain head's row lock makes nodes take turns, and whichever node comes first seals what is there. Nothing
 * is kept in memory: an entry a crashed node wrote is sealed by the next sealer that runs anywhere.
 */
@Component
class AuditSealer {

  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

  private final AuditTrail auditTrail;
  private boolean failing;

  AuditSealer(AuditTrail auditTrail) {
    this.auditTrail = auditTrail;
  }

  @Scheduled(initialDelayString = "${sopflow.audit.seal-interval:PT0.5S}",
      fixedDelayString = "${sopflow.audit.seal-interval:PT0.5S}")
  void sealPending() {
    try {
      auditTrail.sealPending();
      if (failing) {
        log.info("Audit entries are being sealed again");
        failing = false;
      }
    } catch (RuntimeException e) {
      // The database may be away (a restart, a failover); the entries wait in their table and are sealed next time.
      if (!failing) {
        log.warn("Could not seal audit entries; trying again: {}", e.toString());
        failing = true;
      }
    }
  }
}
