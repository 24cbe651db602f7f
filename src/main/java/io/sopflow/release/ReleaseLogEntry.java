package io.sopflow.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of a release's deployment log (deploy, smoke-check attempt, rollback), as the adapter reported it. */
@Entity
@Table(name = "release_log_entry")
class ReleaseLogEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "release_id", nullable = false, updatable = false)
  private Release release;

  @Column(nullable = false, updatable = false)
  private int seq;

  @Column(name = "recorded_at", nullable = false, updatable = false)
  private Instant recordedAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "step_action", nullable = false, updatable = false, length = 16)
  private StepResult.StepAction action;

  @Column(nullable = false, updatable = false, length = 16)
  private String adapter;

  @Column(nullable = false, updatable = false, length = 1000)
  private String target;

  @Enumerated(EnumType.STRING)
  @Column(name = "step_result", nullable = false, updatable = false, length = 16)
  private StepResult.Result result;

  @Column(name = "exit_code", updatable = false)
  private Integer exitCode;

  @Column(name = "http_status", updatable = false)
  private Integer httpStatus;

  @Column(name = "duration_ms", nullable = false, updatable = false)
  private long durationMs;

  @Column(nullable = false, updatable = false, length = 4000)
  private String output;

  protected ReleaseLogEntry() {}

  ReleaseLogEntry(Release release, int seq, Instant recordedAt, StepResult step) {
    this.release = release;
    this.seq = seq;
    this.recordedAt = recordedAt;
    this.action = step.action();
    this.adapter = step.adapter();
    this.target = CapturedOutput.truncate(step.target(), 1000);
    this.result = step.result();
    this.exitCode = step.exitCode();
    this.httpStatus = step.httpStatus();
    this.durationMs = step.duration() == null ? 0 : step.duration().toMillis();
    this.output = CapturedOutput.truncate(step.output(), ReleaseProperties.DEFAULT_OUTPUT_LIMIT);
  }

  int getSeq() { return seq; }
  Instant getRecordedAt() { return recordedAt; }
  StepResult.StepAction getAction() { return action; }
  String getAdapter() { return adapter; }
  String getTarget() { return target; }
  StepResult.Result getResult() { return result; }
  Integer getExitCode() { return exitCode; }
  Integer getHttpStatus() { return httpStatus; }
  long getDurationMs() { return durationMs; }
  String getOutput() { return output; }
}
