package io.sopflow.reliability;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Beans only the reliability tests use. A {@link TestConfiguration} is not picked up by component scanning, so other
 * test contexts never see them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ReliabilityTestBeans {

  /** Writes an audit entry (a real domain write through a real service), then fails while {@link #broken} is set. */
  public static final class AuditThenFailDelegate implements JavaDelegate {

    public static final String ACTION = "PROBE_WRITTEN";
    public final AtomicBoolean broken = new AtomicBoolean(true);
    public final AtomicInteger attempts = new AtomicInteger();
    private final AuditTrail auditTrail;

    AuditThenFailDelegate(AuditTrail auditTrail) {
      this.auditTrail = auditTrail;
    }

    @Override
    public void execute(DelegateExecution execution) {
      attempts.incrementAndGet();
      execution.setVariable("probeWritten", true);
      auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, ACTION, "Probe", execution.getProcessBusinessKey(),
          "written by the delegate before it fails"));
      if (broken.get()) {
        throw new IllegalStateException("Simulated failure after the domain write");
      }
    }
  }

  @Bean("auditThenFailDelegate")
  AuditThenFailDelegate auditThenFailDelegate(AuditTrail auditTrail) {
    return new AuditThenFailDelegate(auditTrail);
  }
}
