package io.sopflow.report;

import io.sopflow.domain.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.YearMonth;

/**
 * One month's SLA report ({@code SLA-2026-11}): compiled from the records, reviewed by the incident managers, mailed
 * to the managers. The key is unique, so a month is reported once across all nodes, whoever starts it.
 */
@Entity
@Table(name = "sla_report")
class SlaReportRun {

  enum Status { COMPILING, IN_REVIEW, REVIEWED }

  static final String KEY_PREFIX = "SLA-";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "report_key", nullable = false, unique = true, length = 20)
  private String key;

  @Column(name = "report_month", nullable = false, length = 7)
  private String month;

  @Column(name = "report_trigger", nullable = false, length = 16)
  private String trigger;

  @Column(name = "requested_by", nullable = false, length = 64)
  private String requestedBy;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "compiled_at")
  private Instant compiledAt;

  @Lob
  @Column(length = Integer.MAX_VALUE)
  private String csv;

  @Column(length = 2000)
  private String summary;

  @Column(length = 4000)
  private String commentary;

  @Column(length = 4000)
  private String actions;

  @Column(name = "reviewed_by", length = 64)
  private String reviewedBy;

  @Column(name = "reviewed_at")
  private Instant reviewedAt;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected SlaReportRun() {}

  SlaReportRun(YearMonth month, String trigger, String requestedBy, Instant now) {
    this.month = month.toString();
    this.key = keyOf(month);
    this.trigger = trigger;
    this.requestedBy = requestedBy;
    this.status = Status.COMPILING;
    this.startedAt = now;
  }

  static String keyOf(YearMonth month) {
    return KEY_PREFIX + month;
  }

  void processStarted(String processInstanceId) {
    this.processInstanceId = processInstanceId;
  }

  void compiled(String csv, String summary, Instant when) {
    require(Status.COMPILING, "compile it");
    this.csv = csv;
    this.summary = summary;
    this.compiledAt = when;
    this.status = Status.IN_REVIEW;
  }

  void reviewed(String by, String commentary, String actions, Instant when) {
    require(Status.IN_REVIEW, "review it");
    this.reviewedBy = by;
    this.commentary = commentary;
    this.actions = actions;
    this.reviewedAt = when;
    this.status = Status.REVIEWED;
  }

  private void require(Status expected, String action) {
    if (status != expected) {
      throw new ConflictException("SLA report " + key + " is " + status + ": cannot " + action);
    }
  }

  YearMonth yearMonth() { return YearMonth.parse(month); }
  String getKey() { return key; }
  String getMonth() { return month; }
  String getTrigger() { return trigger; }
  String getRequestedBy() { return requestedBy; }
  Status getStatus() { return status; }
  Instant getStartedAt() { return startedAt; }
  Instant getCompiledAt() { return compiledAt; }
  String getCsv() { return csv; }
  String getSummary() { return summary; }
  String getCommentary() { return commentary; }
  String getActions() { return actions; }
  String getReviewedBy() { return reviewedBy; }
  String getProcessInstanceId() { return processInstanceId; }
}
