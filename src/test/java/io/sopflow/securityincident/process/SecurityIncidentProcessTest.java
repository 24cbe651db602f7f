package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.platform.SopProcesses;
import io.sopflow.securityincident.SecurityCategory;
import io.sopflow.securityincident.SecurityIncidentApi.NotificationClock;
import io.sopflow.securityincident.SecurityIncidentApi.TaskDetails;
import io.sopflow.securityincident.SecurityIncidentApi.TriageOutcome;
import io.sopflow.securityincident.SecurityIncidentService;
import io.sopflow.securityincident.SecuritySlaProperties;
import io.sopflow.securityincident.Severity;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * Every path and timer of the security incident model: real listeners and delegates over a mocked service, timers
 * driven explicitly, effects (service calls, mails) asserted.
 */
@Deployment(resources = {"processes/SecurityIncidentProcess.bpmn", "forms/Form_ReportSecurityIncident.form",
    "forms/Form_TriageSecurityIncident.form", "forms/Form_ContainSecurityIncident.form",
    "forms/Form_EradicateThreat.form", "forms/Form_DecideRecovery.form", "forms/Form_ReviewSecurityIncident.form",
    "forms/Form_NotifySupervisoryAuthority.form"})
@ExtendWith(PathCoverage.class)
class SecurityIncidentProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  static final String KEY = "SEC-000042";
  static final String REPORTER_ID = "alice";
  /** Saturday 5 December 2026, 23:00 UTC: triage and critical containment count around the clock. */
  static final Instant NOW = Instant.parse("2026-12-05T23:00:00Z");
  static final Instant CONTAINMENT_WARNING = NOW.plus(Duration.ofMinutes(45));
  static final Instant CONTAINMENT_DUE = NOW.plus(Duration.ofHours(1));
  static final Instant DETECTED = NOW.minus(Duration.ofHours(2));
  static final Instant REGULATOR_DUE = DETECTED.plus(Duration.ofHours(72));
  static final Instant REGULATOR_HALF = DETECTED.plus(Duration.ofHours(36));
  static final Instant REGULATOR_LATE = DETECTED.plus(Duration.ofMinutes(72 * 60 * 8 / 10));
  /** Personal data found after triage: the clock runs from the finding (here: now), not from the detection. */
  static final NotificationClock FOUND_CLOCK = new NotificationClock(NOW.plus(Duration.ofHours(72)),
      NOW.plus(Duration.ofHours(36)), NOW.plus(Duration.ofMinutes(72 * 60 * 8 / 10)));

  record Mail(String template, String groups, String users, String taskKey) {}

  final List<Mail> mails = new ArrayList<>();
  final SecurityIncidentService service = mock(SecurityIncidentService.class);
  final SlaEscalations escalations = mock(SlaEscalations.class);
  io.sopflow.platform.process.ProcessStarts processStarts;
  final ActingAs actingAs = new ActingAs();

  @BeforeEach
  void setUp() {
    ClockUtil.setCurrentTime(Date.from(NOW));
    BpmnAwareTests.init(engine.getProcessEngine());
    JavaDelegate mailRecorder = execution -> mails.add(new Mail((String) execution.getVariableLocal("template"),
        str(execution.getVariableLocal("recipientGroups")), str(execution.getVariableLocal("recipientUsers")),
        str(execution.getVariableLocal("taskDefinitionKey"))));
    var taskForms = ProcessTestSupport.taskForms(actingAs);
    Mocks.register("sendNotificationDelegate", mailRecorder);
    Mocks.register("slaDates", ProcessTestSupport.slaDates(SecuritySlaProperties.defaults()));
    processStarts = ProcessTestSupport.processStarts(runtimeService());
    Mocks.register("reportSecurityIncidentStartListener", new ReportSecurityIncidentStartListener(service,
        processStarts, null));
    Mocks.register("securityTaskDetailsListener", new SecurityTaskDetailsListener(service, taskForms));
    Mocks.register("triageSecurityIncidentListener", new TriageSecurityIncidentListener(service, taskForms));
    Mocks.register("lockAffectedAccountsDelegate", new LockAffectedAccountsDelegate(service));
    Mocks.register("containSecurityIncidentListener", new ContainSecurityIncidentListener(service, taskForms));
    Mocks.register("escalateContainmentDelegate", new EscalateContainmentDelegate(service));
    Mocks.register("eradicateThreatListener", new EradicateThreatListener(service, taskForms));
    Mocks.register("decideRecoveryListener", new DecideRecoveryListener(service, taskForms));
    Mocks.register("recoverAccountsDelegate", new RecoverAccountsDelegate(service));
    Mocks.register("reviewSecurityIncidentListener", new ReviewSecurityIncidentListener(service, taskForms));
    Mocks.register("notifySupervisoryAuthorityListener", new NotifySupervisoryAuthorityListener(service, taskForms));
    Mocks.register("recordNotificationBreachDelegate", new RecordNotificationBreachDelegate(service));
    Mocks.register("closeSecurityIncidentDelegate", new CloseSecurityIncidentDelegate(service));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    when(service.taskDetails(KEY)).thenReturn(new TaskDetails(KEY, "Mailbox takeover", "Rules forward mail out",
        "UNAUTHORIZED_ACCESS", "HIGH", "2026-12-07T08:00:00Z", "l3", "mail-gw", ""));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void aReportAlertsTheSecurityOfficersWithNothingButItsNumberAndWaitsForTriageAroundTheClock() {
    ProcessInstance pi = start(false);

    assertThat(pi).isWaitingAt(TASK_TRIAGE);
    Task triage = task(pi);
    assertThat(triage).hasCandidateGroup("security-officers").hasName("Triage security incident " + KEY);
    Assertions.assertThat(triage.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(2))));
    Assertions.assertThat(triage.getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(30))));
    Assertions.assertThat(taskService().getVariablesLocal(triage.getId())).containsEntry(TITLE, "Mailbox takeover")
        .containsEntry(AFFECTED_ACCOUNTS, "l3");
    Assertions.assertThat(mails).containsExactly(
        new Mail("security-incident-reported", "security-officers", null, TASK_TRIAGE));
  }

  @Test
  void aFalsePositiveEndsTheIncidentAndTellsTheReporter() {
    ProcessInstance pi = start(false);
    when(service.triage(eq(KEY), eq("secoff"), eq(false), any(), anyBoolean(), anyBoolean(), anyString(), any()))
        .thenReturn(new TriageOutcome(false, false, Severity.HIGH, null, null, null, null, null));

    // A choice of accounts left in the field means nothing for a false positive: nothing is locked.
    complete(pi, "secoff", Map.of(CONFIRMED, "false", LOCK_ACCOUNTS, "l3", TRIAGE_NOTES,
        "Phishing simulation of the awareness team"));

    assertThat(pi).isEnded().hasPassed(END_FALSE_POSITIVE).hasNotPassed(TASK_LOCK_ACCOUNTS);
    verify(service).triage(KEY, "secoff", false, null, false, false, "Phishing simulation of the awareness team",
        null);
    verify(service, never()).lockAffectedAccounts(anyString());
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-false-positive", null, REPORTER_ID,
        null));
  }

  /** The officer's correction of the time of detection reaches the service before the triage that dates from it. */
  @Test
  void aCorrectedTimeOfDetectionIsRecordedBeforeTheTriage() {
    ProcessInstance pi = start(true);
    when(service.triage(eq(KEY), eq("secoff"), eq(true), eq(SecurityCategory.DATA_BREACH), anyBoolean(),
        anyBoolean(), anyString(), any())).thenReturn(new TriageOutcome(true, true, Severity.HIGH,
        CONTAINMENT_WARNING, CONTAINMENT_DUE, REGULATOR_DUE, REGULATOR_HALF, REGULATOR_LATE));
    complete(pi, "secoff", Map.of(CONFIRMED, "true", CATEGORY, "DATA_BREACH", LOCK_ACCOUNTS, "",
        DETECTED_AT_CORRECTED, "2026-12-07T06:30:00Z", TRIAGE_NOTES, "Export mailed by mistake, reported late"));

    var order = org.mockito.Mockito.inOrder(service);
    order.verify(service).correctDetection(KEY, "secoff", java.time.Instant.parse("2026-12-07T06:30:00Z"));
    order.verify(service).triage(eq(KEY), eq("secoff"), eq(true), eq(SecurityCategory.DATA_BREACH), anyBoolean(),
        anyBoolean(), eq("Export mailed by mistake, reported late"), any());
  }

  @Test
  void aConfirmedIncidentIsContainedEradicatedRecoveredReviewedAndClosed() {
    ProcessInstance pi = confirmed(false);

    verify(service).triage(KEY, "secoff", true, SecurityCategory.UNAUTHORIZED_ACCESS, false, false,
        "Forwarding rule set from an unknown IP", "l3");
    verify(service, never()).correctDetection(anyString(), anyString(), any()); // the reported time stands
    assertThat(pi).isWaitingAt(TASK_LOCK_ACCOUNTS).hasNotPassed(TASK_NOTIFY_AUTHORITY);
    execute(job(TASK_LOCK_ACCOUNTS, pi));
    verify(service).lockAffectedAccounts(KEY);
    Task contain = task(pi);
    assertThat(contain).hasCandidateGroup("security-officers");
    Assertions.assertThat(contain.getDueDate()).isEqualTo(Date.from(CONTAINMENT_DUE));
    Assertions.assertThat(contain.getFollowUpDate()).isEqualTo(Date.from(CONTAINMENT_WARNING));

    complete(pi, "secoff", Map.of(CONTAINMENT_NOTES, "Sessions revoked", ASSET_ACTIONS, "mail-gw: rules removed"));
    verify(service).recordContainment(KEY, "secoff", "Sessions revoked", "mail-gw: rules removed");
    Assertions.assertThat(task(pi).getTaskDefinitionKey()).isEqualTo(TASK_ERADICATE);
    Assertions.assertThat(task(pi).getDueDate()).isNotNull();
    complete(pi, "secoff", Map.of(ERADICATION_NOTES, "Password reset, MFA enforced"));
    verify(service).recordEradication(KEY, "secoff", "Password reset, MFA enforced");
    complete(pi, "secoff", Map.of(RESTORE_ACCOUNTS, "l3", RECOVERY_NOTES, "l3 is clean"));
    verify(service).decideRecovery(KEY, "secoff", "l3", "l3 is clean");
    assertThat(pi).isWaitingAt(TASK_RECOVER_ACCOUNTS);
    execute(job(TASK_RECOVER_ACCOUNTS, pi));
    verify(service).recoverAccounts(KEY);
    complete(pi, "secoff", Map.of(LESSONS, "Enforce MFA everywhere", ACTIONS, "Roll out MFA; l2; 2027-01-31",
        PROBLEM_TO_RAISE, true));

    verify(service).recordReview(KEY, "secoff", "Enforce MFA everywhere", "Roll out MFA; l2; 2027-01-31", true);
    InOrder order = inOrder(service);
    order.verify(service).recoverAccounts(KEY);
    order.verify(service).recordReview(anyString(), anyString(), anyString(), anyString(), anyBoolean());
    order.verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(END_CLOSED).hasNotPassed(TASK_NOTIFY_AUTHORITY);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-closed", null, REPORTER_ID, null));
  }

  @Test
  void withPersonalDataTheDataProtectionOfficersNotifyTheAuthorityAndTheIncidentClosesOnlyAfterBoth() {
    ProcessInstance pi = confirmed(true);

    Task notify = taskOf(pi, TASK_NOTIFY_AUTHORITY);
    assertThat(pi).hasPassed(TASK_ALERT_DPO);
    Assertions.assertThat(mails).contains(new Mail("security-incident-notification-due", "data-protection-officers",
        null, TASK_NOTIFY_AUTHORITY));
    assertThat(notify).hasCandidateGroup("data-protection-officers").hasName("Notify the supervisory authority");
    Assertions.assertThat(notify.getDueDate()).isEqualTo(Date.from(REGULATOR_DUE));
    Assertions.assertThat(notify.getFollowUpDate()).isEqualTo(Date.from(REGULATOR_HALF));
    respondFully(pi);
    assertThat(pi).isWaitingAt(TASK_NOTIFY_AUTHORITY);
    verify(service, never()).close(anyString());

    actingAs.user = "dpo";
    Map<String, Object> notified = new HashMap<>(Map.of(NOTIFICATION_OUTCOME, "NOTIFIED",
        AUTHORITY_REFERENCE, "DPA-2026-0815",
        NOTIFIED_AT, "2026-12-05T22:30:00Z", NOTIFICATION_CONTENT, "Mailbox of one employee read by an attacker",
        INFORM_DATA_SUBJECTS, "false", DATA_SUBJECTS_REASON, "No high risk: no special categories"));
    taskService().complete(notify.getId(), notified);

    verify(service).notifyAuthority(KEY, "dpo", "DPA-2026-0815", Instant.parse("2026-12-05T22:30:00Z"),
        "Mailbox of one employee read by an attacker", false, "No high risk: no special categories");
    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(END_CLOSED);
  }

  @Test
  void anUntriagedIncidentRemindsTheOfficersThenIsEscalatedAsAnSlaBreachAndManagersAreTold() {
    ProcessInstance pi = start(false);

    Job reminder = job(BOUNDARY_TRIAGE_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(30))));
    execute(reminder);
    assertThat(pi).hasPassed(END_TRIAGE_REMINDER_SENT).isWaitingAt(TASK_TRIAGE).hasNotPassed(TASK_ESCALATE_TRIAGE);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-triage-reminder", "security-officers",
        null, TASK_TRIAGE));
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_TRIAGE_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(2))));
    execute(overdue);
    assertThat(pi).hasPassed(TASK_ESCALATE_TRIAGE, TASK_TELL_MANAGERS_TRIAGE_OVERDUE, END_TRIAGE_ESCALATED)
        .isWaitingAt(TASK_TRIAGE);
    // Audited as ESCALATED and counted in sopflow_sla_breaches_total{sop="securityincident",priority="none",
    // target="triage"}: the SLA step and level only, nothing of the confidential incident (no "priority" variable,
    // and the severity stays out of it until the triage confirms one).
    verify(escalations).escalate("securityincident", KEY, "triage", null, 1, null);
    Assertions.assertThat(mails).containsExactly(
        new Mail("security-incident-reported", "security-officers", null, TASK_TRIAGE),
        new Mail("security-incident-triage-reminder", "security-officers", null, TASK_TRIAGE),
        new Mail("security-incident-triage-overdue", "managers,security-officers", null, TASK_TRIAGE));
    // The triage stays with the security officers: the escalation tells managers, it does not hand them the task.
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(pi).getId()))
        .extracting(IdentityLink::getGroupId).containsExactly("security-officers");
  }

  @Test
  void aTriageEscalationThatCannotBeRecordedIsRetriedAndNoMailGoesOut() {
    ProcessInstance pi = start(false);
    doThrow(new IllegalStateException("audit trail unavailable")).when(escalations)
        .escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_TRIAGE_OVERDUE, pi);
    assertThatThrownBy(() -> managementService().executeJob(overdue.getId()))
        .isInstanceOf(IllegalStateException.class);

    Assertions.assertThat(job(BOUNDARY_TRIAGE_OVERDUE, pi).getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_TRIAGE).hasNotPassed(TASK_TELL_MANAGERS_TRIAGE_OVERDUE);
    Assertions.assertThat(mails).containsExactly(
        new Mail("security-incident-reported", "security-officers", null, TASK_TRIAGE));
  }

  @Test
  void containmentWarnsAtItsReminderAndEscalatesToManagersWhenItsSeveritysSlaIsBreached() {
    ProcessInstance pi = confirmed(false);
    execute(job(TASK_LOCK_ACCOUNTS, pi));

    Job warning = job(BOUNDARY_CONTAINMENT_WARNING, pi);
    Assertions.assertThat(warning.getDuedate()).isEqualTo(Date.from(CONTAINMENT_WARNING));
    execute(warning);
    assertThat(pi).hasPassed(END_CONTAINMENT_WARNED).isWaitingAt(TASK_CONTAIN);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-containment-warning",
        "security-officers", null, TASK_CONTAIN));

    Job breach = job(BOUNDARY_CONTAINMENT_OVERDUE, pi);
    Assertions.assertThat(breach.getDuedate()).isEqualTo(Date.from(CONTAINMENT_DUE));
    execute(breach);
    verify(service).escalateContainment(KEY);
    assertThat(pi).hasPassed(END_CONTAINMENT_ESCALATED).isWaitingAt(TASK_CONTAIN);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-containment-overdue",
        "managers,security-officers", null, TASK_CONTAIN));
  }

  @Test
  void theNotificationRemindsAtHalfAndFourFifthsOfThePeriodAndRecordsABreachAtTheDeadline() {
    ProcessInstance pi = confirmed(true);

    Job halfway = job(BOUNDARY_NOTIFICATION_HALFWAY, pi);
    Assertions.assertThat(halfway.getDuedate()).isEqualTo(Date.from(REGULATOR_HALF));
    execute(halfway);
    assertThat(pi).hasPassed(END_DPO_REMINDED_HALFWAY);
    Job late = job(BOUNDARY_NOTIFICATION_LATE, pi);
    Assertions.assertThat(late.getDuedate()).isEqualTo(Date.from(REGULATOR_LATE));
    execute(late);
    assertThat(pi).hasPassed(END_DPO_REMINDED_LATE);
    Assertions.assertThat(mails.subList(mails.size() - 2, mails.size())).containsOnly(new Mail(
        "security-incident-notification-reminder", "data-protection-officers", null, TASK_NOTIFY_AUTHORITY));

    Job deadline = job(BOUNDARY_NOTIFICATION_DEADLINE, pi);
    Assertions.assertThat(deadline.getDuedate()).isEqualTo(Date.from(REGULATOR_DUE));
    execute(deadline);
    verify(service).recordNotificationBreach(KEY);
    assertThat(pi).hasPassed(END_NOTIFICATION_BREACH_ESCALATED).isWaitingAt(TASK_NOTIFY_AUTHORITY);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-notification-overdue",
        "managers,data-protection-officers,security-officers", null, TASK_NOTIFY_AUTHORITY));
  }

  @Test
  void triageIsRecordedOnlyFromAPersonWithANoteAndAKnownCategory() {
    ProcessInstance pi = start(false);
    Task triage = task(pi);

    assertThatThrownBy(() -> taskService().complete(triage.getId(), Map.of(CONFIRMED, "true",
        CATEGORY, "MALWARE", TRIAGE_NOTES, "x"))).hasRootCauseInstanceOf(ForbiddenException.class);
    actingAs.user = "secoff";
    assertThatThrownBy(() -> taskService().complete(triage.getId(), Map.of(CONFIRMED, "true",
        CATEGORY, "RANSOM", TRIAGE_NOTES, "x"))).satisfies(e -> Assertions.assertThat(invalid(e).field())
        .isEqualTo(CATEGORY));
    assertThatThrownBy(() -> taskService().complete(triage.getId(), Map.of(CONFIRMED, "true",
        CATEGORY, "MALWARE", TRIAGE_NOTES, " "))).satisfies(e -> Assertions.assertThat(invalid(e).field())
        .isEqualTo(TRIAGE_NOTES));
    assertThatThrownBy(() -> taskService().complete(triage.getId(), Map.of(CONFIRMED, "true",
        CATEGORY, "MALWARE", TRIAGE_NOTES, "x", LOCK_ACCOUNTS, "l3\u0000"))).satisfies(e ->
        Assertions.assertThat(invalid(e).field()).isEqualTo(LOCK_ACCOUNTS));

    assertThat(pi).isWaitingAt(TASK_TRIAGE);
    verify(service, never()).triage(anyString(), anyString(), anyBoolean(), any(), anyBoolean(), anyBoolean(),
        anyString());
    verify(service, never()).triage(anyString(), anyString(), anyBoolean(), any(), anyBoolean(), anyBoolean(),
        anyString(), any());
  }

  @Test
  void theOfficerChoosesWhichReportedAccountsAreLockedAndATriageLeftEmptyLocksNone() {
    ProcessInstance pi = start(false);
    when(service.triage(eq(KEY), eq("secoff"), eq(true), eq(SecurityCategory.PHISHING), anyBoolean(), anyBoolean(),
        anyString(), any())).thenReturn(new TriageOutcome(true, false, Severity.LOW, CONTAINMENT_WARNING,
        CONTAINMENT_DUE, null, null, null));

    // Sent without the field (a script on /engine-rest): no choice is no account, not the reporter's list.
    complete(pi, "secoff", Map.of(CONFIRMED, "true", CATEGORY, "PHISHING", TRIAGE_NOTES, "One mailbox, no log-in"));

    verify(service).triage(KEY, "secoff", true, SecurityCategory.PHISHING, false, false, "One mailbox, no log-in",
        null);
    verify(service, never()).triage(anyString(), anyString(), anyBoolean(), any(), anyBoolean(), anyBoolean(),
        anyString());
    assertThat(pi).isWaitingAt(TASK_LOCK_ACCOUNTS);
  }

  @Test
  void aTriageOnTheFormOfAVersionBeforeTheChoiceLocksEveryReportedAccountAsThatFormSaid() {
    // Instances running on 1.1.0 (and new ones until the changed model's revision is approved) keep the triage form
    // without lockAccounts: their completions cannot send it (TaskInputGuard), and confirming locked every account.
    ProcessTestSupport.deployChangedForm(engine, PROCESS_KEY, "Form_TriageSecurityIncident",
        form -> withoutField(form, LOCK_ACCOUNTS));
    ProcessInstance pi = start(false);
    when(service.triage(eq(KEY), eq("secoff"), eq(true), eq(SecurityCategory.UNAUTHORIZED_ACCESS), anyBoolean(),
        anyBoolean(), anyString())).thenReturn(new TriageOutcome(true, false, Severity.CRITICAL,
        CONTAINMENT_WARNING, CONTAINMENT_DUE, null, null, null));

    complete(pi, "secoff", Map.of(CONFIRMED, "true", CATEGORY, "UNAUTHORIZED_ACCESS", TRIAGE_NOTES,
        "Forwarding rule set from an unknown IP"));

    verify(service).triage(KEY, "secoff", true, SecurityCategory.UNAUTHORIZED_ACCESS, false, false,
        "Forwarding rule set from an unknown IP");
    verify(service, never()).triage(anyString(), anyString(), anyBoolean(), any(), anyBoolean(), anyBoolean(),
        anyString(), any());
    assertThat(pi).isWaitingAt(TASK_LOCK_ACCOUNTS);
    execute(job(TASK_LOCK_ACCOUNTS, pi));
    verify(service).lockAffectedAccounts(KEY);
  }

  @Test
  void aFailingAccountLockIsRetriedAndContainmentWaitsForIt() {
    ProcessInstance pi = confirmed(false);
    doThrow(new IllegalStateException("identity store unavailable")).when(service).lockAffectedAccounts(KEY);

    Job lock = job(TASK_LOCK_ACCOUNTS, pi);
    assertThatThrownBy(() -> managementService().executeJob(lock.getId())).isInstanceOf(IllegalStateException.class);

    Assertions.assertThat(job(TASK_LOCK_ACCOUNTS, pi).getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_LOCK_ACCOUNTS).hasNotPassed(TASK_CONTAIN);
  }

  @Test
  void personalDataFoundAtContainmentStartsTheDpoNotificationFromTheFindingAndTheIncidentWaitsForIt() {
    ProcessInstance pi = confirmed(false);
    execute(job(TASK_LOCK_ACCOUNTS, pi));
    // Flagged by the first finding, whose notification is open, the second starts nothing: the service answers empty.
    when(service.recordPersonalDataFound(KEY, "secoff")).thenReturn(Optional.of(FOUND_CLOCK), Optional.empty());

    completeTask(pi, TASK_CONTAIN, Map.of(CONTAINMENT_NOTES, "contained", PERSONAL_DATA_FOUND, true));

    InOrder found = inOrder(service);
    found.verify(service).recordPersonalDataFound(KEY, "secoff");
    found.verify(service).recordContainment(KEY, "secoff", "contained", null);
    Task notify = taskOf(pi, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-notification-due",
        "data-protection-officers", null, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING));
    assertThat(notify).hasCandidateGroup("data-protection-officers").hasName("Notify the supervisory authority");
    Assertions.assertThat(notify.getDueDate()).isEqualTo(Date.from(FOUND_CLOCK.regulatorNotificationDueAt()));
    Assertions.assertThat(notify.getFollowUpDate()).isEqualTo(Date.from(FOUND_CLOCK.regulatorFirstReminderAt()));
    Assertions.assertThat(taskOf(pi, TASK_ERADICATE)).isNotNull(); // the response goes on meanwhile

    completeTask(pi, TASK_ERADICATE, Map.of(ERADICATION_NOTES, "eradicated", PERSONAL_DATA_FOUND, true));
    // The notification is open: the data protection officers are told of the further data, no second task.
    assertThat(pi).hasPassed(END_DPO_TOLD_OF_MORE_PERSONAL_DATA);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-more-personal-data-found",
        "data-protection-officers", null, null));
    recoverAndReview(pi);
    assertWaitsForTheNotificationOfALateFinding(pi);
    verify(service, org.mockito.Mockito.times(2)).recordPersonalDataFound(KEY, "secoff");
    Assertions.assertThat(taskService().createTaskQuery().processInstanceId(pi.getId()).count()).isEqualTo(1);

    actingAs.user = "dpo";
    taskService().complete(notify.getId(), Map.of(NOTIFICATION_OUTCOME, "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON,
        "Encrypted laptop, key not exposed"));

    verify(service).assessNotNotifiable(KEY, "dpo", "Encrypted laptop, key not exposed");
    verify(service, never()).notifyAuthority(anyString(), anyString(), anyString(), any(), anyString(),
        anyBoolean(), anyString());
    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(END_LATE_FINDING_NOTIFICATION_SETTLED, END_CLOSED)
        .hasNotPassed(TASK_NOTIFY_AUTHORITY);
  }

  @Test
  void aNotificationOfPersonalDataFoundAtEradicationRemindsAndEscalatesLikeTheOneAfterTriage() {
    ProcessInstance pi = confirmed(false);
    execute(job(TASK_LOCK_ACCOUNTS, pi));
    completeTask(pi, TASK_CONTAIN, Map.of(CONTAINMENT_NOTES, "contained", PERSONAL_DATA_FOUND, false));
    verify(service, never()).recordPersonalDataFound(anyString(), anyString());
    when(service.recordPersonalDataFound(KEY, "secoff")).thenReturn(Optional.of(FOUND_CLOCK));
    completeTask(pi, TASK_ERADICATE, Map.of(ERADICATION_NOTES, "eradicated", PERSONAL_DATA_FOUND, true));

    Job halfway = job(BOUNDARY_LATE_FINDING_HALFWAY, pi);
    Assertions.assertThat(halfway.getDuedate()).isEqualTo(Date.from(FOUND_CLOCK.regulatorFirstReminderAt()));
    execute(halfway);
    Job fourFifths = job(BOUNDARY_LATE_FINDING_FOUR_FIFTHS, pi);
    Assertions.assertThat(fourFifths.getDuedate()).isEqualTo(Date.from(FOUND_CLOCK.regulatorSecondReminderAt()));
    execute(fourFifths);
    assertThat(pi).hasPassed(END_DPO_REMINDED_OF_LATE_FINDING_HALFWAY, END_DPO_REMINDED_OF_LATE_FINDING_AGAIN);
    Assertions.assertThat(mails.subList(mails.size() - 2, mails.size())).containsOnly(new Mail(
        "security-incident-notification-reminder", "data-protection-officers", null,
        TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING));
    Job deadline = job(BOUNDARY_LATE_FINDING_DEADLINE, pi);
    Assertions.assertThat(deadline.getDuedate()).isEqualTo(Date.from(FOUND_CLOCK.regulatorNotificationDueAt()));
    execute(deadline);
    verify(service).recordNotificationBreach(KEY);
    assertThat(pi).hasPassed(END_LATE_FINDING_BREACH_ESCALATED);
    Assertions.assertThat(mails).last().isEqualTo(new Mail("security-incident-notification-overdue",
        "managers,data-protection-officers,security-officers", null, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING));

    actingAs.user = "dpo";
    taskService().complete(taskOf(pi, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING).getId(), Map.of(NOTIFICATION_OUTCOME,
        "NOTIFIED", AUTHORITY_REFERENCE, "DPA-2026-0900", NOTIFIED_AT, "2026-12-05T22:50:00Z", NOTIFICATION_CONTENT,
        "Customer list on a lost laptop", INFORM_DATA_SUBJECTS, "false", DATA_SUBJECTS_REASON, "No high risk"));
    verify(service).notifyAuthority(KEY, "dpo", "DPA-2026-0900", Instant.parse("2026-12-05T22:50:00Z"),
        "Customer list on a lost laptop", false, "No high risk");
    verify(service, never()).close(anyString()); // the response is still on
    recoverAndReview(pi);
    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(EVENT_LATE_NOTIFICATION_SETTLED, END_CLOSED);
  }

  @Test
  void theDpoMayAssessABreachAsNotNotifiableWhichSettlesTheNotificationAndEndsItsTimers() {
    ProcessInstance pi = confirmed(true);
    Task notify = taskOf(pi, TASK_NOTIFY_AUTHORITY);
    actingAs.user = "dpo";

    taskService().complete(notify.getId(), Map.of(NOTIFICATION_OUTCOME, "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON,
        "Only business contact data of two colleagues"));

    verify(service).assessNotNotifiable(KEY, "dpo", "Only business contact data of two colleagues");
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId())
        .activityId(BOUNDARY_NOTIFICATION_DEADLINE).count()).isZero();
    respondFully(pi);
    verify(service).close(KEY);
    assertThat(pi).isEnded();
  }

  @Test
  void theNotificationTakesExactlyOneOutcomeAndRefusesAFieldOfTheOtherNamingIt() {
    ProcessInstance pi = confirmed(true);
    String notify = taskOf(pi, TASK_NOTIFY_AUTHORITY).getId();
    actingAs.user = "dpo";
    Map<String, Object> notified = Map.of(AUTHORITY_REFERENCE, "DPA-1", NOTIFIED_AT, "2026-12-05T22:30:00Z",
        NOTIFICATION_CONTENT, "content", INFORM_DATA_SUBJECTS, "false", DATA_SUBJECTS_REASON, "no high risk");

    assertRefused(notify, notified, NOTIFICATION_OUTCOME);
    assertRefused(notify, with(notified, NOTIFICATION_OUTCOME, "MAYBE"), NOTIFICATION_OUTCOME);
    assertRefused(notify, Map.of(NOTIFICATION_OUTCOME, "NOT_NOTIFIABLE"), NOT_NOTIFIABLE_REASON);
    assertRefused(notify, Map.of(NOTIFICATION_OUTCOME, "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON, " "),
        NOT_NOTIFIABLE_REASON);
    assertRefused(notify, Map.of(NOTIFICATION_OUTCOME, "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON, "no risk",
        AUTHORITY_REFERENCE, "DPA-1"), AUTHORITY_REFERENCE);
    assertRefused(notify, with(with(notified, NOTIFICATION_OUTCOME, "NOTIFIED"), NOT_NOTIFIABLE_REASON, "no risk"),
        NOT_NOTIFIABLE_REASON);
    assertRefused(notify, Map.of(NOTIFICATION_OUTCOME, "NOTIFIED", NOTIFIED_AT, "2026-12-05T22:30:00Z"),
        AUTHORITY_REFERENCE);

    assertThat(pi).isWaitingAt(TASK_NOTIFY_AUTHORITY);
    verify(service, never()).assessNotNotifiable(anyString(), anyString(), anyString());
    verify(service, never()).notifyAuthority(anyString(), anyString(), anyString(), any(), anyString(),
        anyBoolean(), anyString());
  }

  @Test
  void aNotificationOnTheFormOfAVersionBeforeTheAssessmentIsANotificationAsThatFormSaid() {
    // Instances on 1.2.0 keep a notification form without the outcome: what they send is a notification.
    ProcessTestSupport.deployChangedForm(engine, PROCESS_KEY, "Form_NotifySupervisoryAuthority",
        form -> withoutField(withoutField(form, NOTIFICATION_OUTCOME), NOT_NOTIFIABLE_REASON));
    ProcessInstance pi = confirmed(true);
    actingAs.user = "dpo";

    taskService().complete(taskOf(pi, TASK_NOTIFY_AUTHORITY).getId(), Map.of(AUTHORITY_REFERENCE, "DPA-7",
        NOTIFIED_AT, "2026-12-05T22:30:00Z", NOTIFICATION_CONTENT, "content", INFORM_DATA_SUBJECTS, "true",
        DATA_SUBJECTS_REASON, "high risk"));

    verify(service).notifyAuthority(KEY, "dpo", "DPA-7", Instant.parse("2026-12-05T22:30:00Z"), "content", true,
        "high risk");
  }

  @Test
  void containmentAndEradicationFormsOfAVersionBeforeTheQuestionRecordNoFinding() {
    ProcessTestSupport.deployChangedForm(engine, PROCESS_KEY, "Form_ContainSecurityIncident",
        form -> withoutField(form, PERSONAL_DATA_FOUND));
    ProcessInstance pi = confirmed(false);
    execute(job(TASK_LOCK_ACCOUNTS, pi));

    completeTask(pi, TASK_CONTAIN, Map.of(CONTAINMENT_NOTES, "contained", PERSONAL_DATA_FOUND, true));

    verify(service, never()).recordPersonalDataFound(anyString(), anyString());
    Assertions.assertThat(taskOf(pi, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING)).isNull();
  }

  /** An instance of 1.2.0 migrated after its triage never had the variable the step before closing reads. */
  @Test
  void anInstanceMigratedAfterItsTriageClosesWithoutTheVariableOfALaterFinding() {
    ProcessInstance pi = confirmed(true);
    runtimeService().removeVariable(pi.getId(), LATE_NOTIFICATION_OPEN);
    respondFully(pi);
    runtimeService().removeVariable(pi.getId(), LATE_NOTIFICATION_OPEN); // migrated while waiting for the DPO
    actingAs.user = "dpo";
    taskService().complete(taskOf(pi, TASK_NOTIFY_AUTHORITY).getId(), Map.of(NOTIFICATION_OUTCOME,
        "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON, "no risk"));

    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(END_CLOSED);
  }

  /**
   * A notification assessed as not notifiable is reopened by a later finding: the data protection officers get a new
   * task from the same event subprocess each time (the variable goes false, then true again), alerted at once, due
   * from that finding, and the incident waits for it before it closes.
   */
  @Test
  void eachLaterFindingAfterAnAssessmentAsNotNotifiableGivesTheDpoANewTaskAndTheIncidentWaitsForIt() {
    ProcessInstance pi = confirmed(true);
    actingAs.user = "dpo";
    taskService().complete(taskOf(pi, TASK_NOTIFY_AUTHORITY).getId(), Map.of(NOTIFICATION_OUTCOME,
        "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON, "Two colleagues' contact data"));
    execute(job(TASK_LOCK_ACCOUNTS, pi));
    NotificationClock later = new NotificationClock(NOW.plus(Duration.ofHours(80)), NOW.plus(Duration.ofHours(44)),
        NOW.plus(Duration.ofHours(66)));
    when(service.recordPersonalDataFound(KEY, "secoff")).thenReturn(Optional.of(FOUND_CLOCK), Optional.of(later));

    completeTask(pi, TASK_CONTAIN, Map.of(CONTAINMENT_NOTES, "contained", PERSONAL_DATA_FOUND, true));
    Assertions.assertThat(taskOf(pi, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING).getDueDate())
        .isEqualTo(Date.from(FOUND_CLOCK.regulatorNotificationDueAt()));
    actingAs.user = "dpo";
    taskService().complete(taskOf(pi, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING).getId(), Map.of(NOTIFICATION_OUTCOME,
        "NOT_NOTIFIABLE", NOT_NOTIFIABLE_REASON, "Test data only"));
    Assertions.assertThat(runtimeService().getVariable(pi.getId(), LATE_NOTIFICATION_OPEN)).isEqualTo(false);
    mails.clear();

    completeTask(pi, TASK_ERADICATE, Map.of(ERADICATION_NOTES, "eradicated", PERSONAL_DATA_FOUND, true));
    Task again = taskOf(pi, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING);
    Assertions.assertThat(again).as("a new notification task").isNotNull();
    Assertions.assertThat(again.getDueDate()).isEqualTo(Date.from(later.regulatorNotificationDueAt()));
    Assertions.assertThat(job(BOUNDARY_LATE_FINDING_DEADLINE, pi).getDuedate())
        .isEqualTo(Date.from(later.regulatorNotificationDueAt()));
    Assertions.assertThat(mails).containsExactly(new Mail("security-incident-notification-due",
        "data-protection-officers", null, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING));
    recoverAndReview(pi);
    assertWaitsForTheNotificationOfALateFinding(pi);

    actingAs.user = "dpo";
    taskService().complete(again.getId(), Map.of(NOTIFICATION_OUTCOME, "NOTIFIED", AUTHORITY_REFERENCE,
        "DPA-2026-0999", NOTIFIED_AT, "2026-12-05T22:55:00Z", NOTIFICATION_CONTENT, "Customer database read",
        INFORM_DATA_SUBJECTS, "true", DATA_SUBJECTS_REASON, "High risk: customers' addresses and orders"));
    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(END_CLOSED).hasNotPassed(END_DPO_TOLD_OF_MORE_PERSONAL_DATA);
  }

  /**
   * An instance of 1.2.0 migrated after a triage without personal data never had the variable the step before closing
   * reads, and no notification task sets it: the review does.
   */
  @Test
  void anInstanceMigratedAfterATriageWithoutPersonalDataClosesWithoutTheVariableOfALaterFinding() {
    ProcessInstance pi = confirmed(false);
    runtimeService().removeVariable(pi.getId(), LATE_NOTIFICATION_OPEN);

    respondFully(pi);

    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(END_CLOSED).hasNotPassed(TASK_NOTIFY_AUTHORITY);
  }

  private void assertRefused(String taskId, Map<String, Object> variables, String field) {
    assertThatThrownBy(() -> taskService().complete(taskId, variables))
        .satisfies(e -> Assertions.assertThat(invalid(e).field()).isEqualTo(field));
  }

  private static Map<String, Object> with(Map<String, Object> variables, String key, Object value) {
    Map<String, Object> changed = new HashMap<>(variables);
    changed.put(key, value);
    return changed;
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private ProcessInstance start(boolean personalData) {
    return ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, KEY, Map.of(NUMBER, KEY,
        REPORTER, REPORTER_ID, PERSONAL_DATA_INVOLVED, personalData, SEVERITY, "HIGH"));
  }

  private ProcessInstance confirmed(boolean personalData) {
    ProcessInstance pi = start(personalData);
    when(service.triage(eq(KEY), eq("secoff"), eq(true), eq(SecurityCategory.UNAUTHORIZED_ACCESS), anyBoolean(),
        anyBoolean(), anyString(), any())).thenReturn(new TriageOutcome(true, personalData, Severity.CRITICAL,
        CONTAINMENT_WARNING, CONTAINMENT_DUE, personalData ? REGULATOR_DUE : null,
        personalData ? REGULATOR_HALF : null, personalData ? REGULATOR_LATE : null));
    complete(pi, "secoff", Map.of(CONFIRMED, "true", CATEGORY, "UNAUTHORIZED_ACCESS", LOCK_ACCOUNTS, "l3",
        TRIAGE_NOTES, "Forwarding rule set from an unknown IP"));
    return pi;
  }

  /** Containment to review, as the happy path does it. */
  private void respondFully(ProcessInstance pi) {
    execute(job(TASK_LOCK_ACCOUNTS, pi));
    completeTask(pi, TASK_CONTAIN, Map.of(CONTAINMENT_NOTES, "contained"));
    completeTask(pi, TASK_ERADICATE, Map.of(ERADICATION_NOTES, "eradicated"));
    recoverAndReview(pi);
  }

  /** Recovery to review, once eradication is recorded. */
  private void recoverAndReview(ProcessInstance pi) {
    completeTask(pi, TASK_DECIDE_RECOVERY, Map.of(RECOVERY_NOTES, "nobody's memberships come back"));
    execute(job(TASK_RECOVER_ACCOUNTS, pi));
    completeTask(pi, TASK_REVIEW, Map.of(LESSONS, "lessons"));
  }

  /** Reviewed, the incident waits for the data protection officers' notification of a later finding to close. */
  private void assertWaitsForTheNotificationOfALateFinding(ProcessInstance pi) {
    assertThat(pi).isWaitingAt(EVENT_LATE_NOTIFICATION_SETTLED, TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING);
    verify(service, never()).close(anyString());
  }

  private void complete(ProcessInstance pi, String user, Map<String, Object> variables) {
    actingAs.user = user;
    taskService().complete(task(pi).getId(), variables);
  }

  private void completeTask(ProcessInstance pi, String key, Map<String, Object> variables) {
    actingAs.user = "secoff";
    taskService().complete(taskOf(pi, key).getId(), variables);
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
  }

  private static Task taskOf(ProcessInstance pi, String key) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(key).singleResult();
  }

  private static InvalidRequestException invalid(Throwable e) {
    Throwable t = e;
    while (!(t instanceof InvalidRequestException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    Assertions.assertThat(t).isInstanceOf(InvalidRequestException.class);
    return (InvalidRequestException) t;
  }

  /** The form without the field of that key, as it was before the field was added. */
  private static String withoutField(String form, String key) {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(form);
      var components = (com.fasterxml.jackson.databind.node.ArrayNode) json.path("components");
      for (int i = components.size() - 1; i >= 0; i--) {
        if (key.equals(components.get(i).path("key").asText())) {
          components.remove(i);
        }
      }
      return json.toPrettyString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }

  /** Who completes a task: nobody until a test says so. */
  static final class ActingAs implements CurrentUser {
    String user;

    @Override
    public Optional<String> id() {
      return Optional.ofNullable(user);
    }

    @Override
    public Set<String> groups() {
      return Set.of();
    }
  }
}
