package io.sopflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.sopflow.identity.Directory;
import io.sopflow.identity.DirectoryUser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** What {@link NotificationService#send} records (it never mails: that is the dispatcher's job). */
class NotificationServiceTest {

  private final NotificationRepository repository = mock(NotificationRepository.class);
  private final Directory directory = mock(Directory.class);
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T05:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() {
    when(repository.save(any())).thenAnswer(call -> call.getArgument(0));
    DirectoryUser desk = new DirectoryUser("desk", "Desk", "Agent", "desk@sopflow.local");
    when(directory.findUser("desk")).thenReturn(Optional.of(desk));
    when(directory.reachableUser("desk")).thenReturn(Optional.of(desk));
  }

  private NotificationService service(String mailHost) {
    return new NotificationService(repository, directory, new MailTemplates(), List.of(),
        Optional.of(new JavaMailSenderImpl()), new Links("http://sopflow.test/"), mailHost, clock);
  }

  /** The contributor of the test's records ({@code TST-}): {@code model}, and {@code content} for one template. */
  private static NotificationModelContributor testRecords(Map<String, Object> model, String contentTemplate,
      MailContent content) {
    return new NotificationModelContributor() {
      @Override
      public boolean supports(String reference) {
        return reference.startsWith("TST-");
      }

      @Override
      public Map<String, Object> model(String reference) {
        return model;
      }

      @Override
      public Optional<MailContent> content(String reference, String template) {
        return template.equals(contentTemplate) ? Optional.of(content) : Optional.empty();
      }
    };
  }

  private static NotificationRequest reminder(String processInstanceId, String taskKey, Map<String, Object> model) {
    return new NotificationRequest("activity:Task_Remind:1", "change-approval-reminder", "TST-000001",
        List.of("desk"), List.of(), model, processInstanceId, taskKey);
  }

  @Test
  void withAnSmtpHostTheNotificationIsPendingAndItsMissingTaskLinkIsLeftForTheDispatcher() {
    Notification recorded = service("smtp.test").send(reminder("pi-1", "Task_ApproveAsManager", Map.of())).orElseThrow();

    assertThat(recorded.getStatus()).isEqualTo(Notification.Status.PENDING);
    assertThat(recorded.getRecipients()).isEqualTo("desk@sopflow.local");
    assertThat(recorded.getAttempts()).isZero();
    assertThat(recorded.getTaskDefinitionKey()).isEqualTo("Task_ApproveAsManager");
    assertThat(recorded.getProcessInstanceId()).isEqualTo("pi-1");
    assertThat(recorded.getBody()).contains("Task: {{taskName}} {{taskLink}}");
    assertThat(NotificationService.fillTaskPlaceholders(recorded.getBody(), "http://t/1", "Approve change"))
        .contains("Task: Approve change http://t/1").doesNotContain("{{");
  }

  @Test
  void aTaskLinkKnownAtRecordTimeIsRenderedAtOnce() {
    Notification recorded = service("smtp.test").send(reminder("pi-1", "Task_ApproveAsManager",
        Map.of("taskLink", "http://sopflow.test/camunda/app/tasklist/default/#/?task=t1", "taskName", "Approve")))
        .orElseThrow();

    assertThat(recorded.getBody()).contains("Task: Approve http://sopflow.test/camunda/app/tasklist/default/#/?task=t1");
    assertThat(recorded.getTaskDefinitionKey()).as("nothing left to resolve").isNull();
  }

  @Test
  void withoutAnSmtpHostTheNotificationIsOnlyRecordedAndLinksToTasklist() {
    Notification recorded = service("").send(reminder("pi-1", "Task_ApproveAsManager", Map.of())).orElseThrow();

    assertThat(recorded.getStatus()).isEqualTo(Notification.Status.RECORDED);
    assertThat(recorded.getBody()).contains("http://sopflow.test/camunda/app/tasklist/default/")
        .doesNotContain("{{");
  }

  @Test
  void aRepeatedDedupeKeyRecordsNothing() {
    when(repository.existsByDedupeKey("activity:Task_Remind:1")).thenReturn(true);

    assertThat(service("smtp.test").send(reminder(null, null, Map.of()))).isEmpty();
  }

  @Test
  void aContributorsHtmlPartAndAttachmentAreRecordedForItsTemplateOnly() {
    NotificationModelContributor report = testRecords(Map.of(), "change-approval-reminder",
        new MailContent("<p>figures</p>", "figures.csv", "text/csv", "key,count\r\nP1,2\r\n"));
    NotificationService service = new NotificationService(repository, directory, new MailTemplates(),
        List.of(report), Optional.of(new JavaMailSenderImpl()), new Links("http://sopflow.test/"), "smtp.test", clock);

    Notification recorded = service.send(reminder(null, null, Map.of())).orElseThrow();
    assertThat(recorded.getHtmlBody()).isEqualTo("<p>figures</p>");
    assertThat(recorded.getAttachmentName()).isEqualTo("figures.csv");
    assertThat(recorded.getAttachmentType()).isEqualTo("text/csv");
    assertThat(recorded.getAttachmentContent()).isEqualTo("key,count\r\nP1,2\r\n");

    Notification plain = service.send(new NotificationRequest("activity:Other:1", "change-approved", "TST-000001",
        List.of("desk"), List.of(), Map.of())).orElseThrow();
    assertThat(plain.getHtmlBody()).isNull();
    assertThat(plain.getAttachmentContent()).isNull();
  }

  @Test
  void aLazyModelValueIsAskedOnlyWhenTheTemplateShowsItAndOnceForAllItsUses() {
    AtomicInteger shownAsked = new AtomicInteger();
    AtomicInteger hiddenAsked = new AtomicInteger();
    Supplier<String> title = NotificationModelContributor.lazy(() -> "Swap core switch #" + shownAsked.incrementAndGet());
    NotificationModelContributor change = testRecords(Map.of("title", title,
        "risk", NotificationModelContributor.lazy(() -> title.get().length()),
        "workLog", NotificationModelContributor.lazy(() -> "history " + hiddenAsked.incrementAndGet())), null, null);
    NotificationService service = new NotificationService(repository, directory, new MailTemplates(),
        List.of(change), Optional.of(new JavaMailSenderImpl()), new Links("http://sopflow.test/"), "smtp.test", clock);

    Notification recorded = service.send(reminder(null, null, Map.of())).orElseThrow();

    assertThat(recorded.getBody()).contains("\"Swap core switch #1\" (risk 19)");
    assertThat(shownAsked).as("title shown once and used by the risk: asked once").hasValue(1);
    assertThat(hiddenAsked).as("the template does not show the work log").hasValue(0);
  }

  /** A title with line breaks cannot end the subject early and put its own lines at the top of the body. */
  @Test
  void aValueWithLineBreaksStaysInTheSubjectOnOneLine() {
    NotificationModelContributor change = testRecords(Map.of("title",
        "VPN down\r\n\nACTION REQUIRED: confirm your password at https://evil.example/\n"), null, null);
    NotificationService service = new NotificationService(repository, directory, new MailTemplates(),
        List.of(change), Optional.of(new JavaMailSenderImpl()), new Links("http://sopflow.test/"), "smtp.test", clock);

    Notification recorded = service.send(new NotificationRequest("activity:Approved:1", "change-approved",
        "TST-000001", List.of("desk"), List.of(), Map.of())).orElseThrow();

    assertThat(recorded.getSubject()).isEqualTo("[SOPFlow] TST-000001 approved: VPN down ACTION REQUIRED: confirm "
        + "your password at https://evil.example/");
    assertThat(recorded.getBody()).doesNotStartWith("ACTION REQUIRED");
  }

  @Test
  void anAttachmentNameThatCouldEscapeItsHeaderIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new MailContent(null, "a\r\nBcc: x@y.z", "text/csv", "x")).isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new MailContent(null, "../x.csv", "text/csv", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
