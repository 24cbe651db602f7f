package io.sopflow.support;

import org.camunda.bpm.admin.Admin;
import org.camunda.bpm.admin.impl.DefaultAdminRuntimeDelegate;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.impl.DefaultCockpitRuntimeDelegate;
import org.camunda.bpm.tasklist.Tasklist;
import org.camunda.bpm.tasklist.impl.DefaultTasklistRuntimeDelegate;
import org.camunda.bpm.welcome.Welcome;
import org.camunda.bpm.welcome.impl.DefaultWelcomeRuntimeDelegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sopflow.identity.Groups;
import io.sopflow.metrics.SopMetrics;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.container.RuntimeContainerDelegate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * End-to-end tests through the REST API on a real HTTP port, with a real SMTP server (GreenMail) and the demo users.
 * Each Spring context gets its own in-memory H2 database; subclasses that change properties get their own context.
 * Mail goes to one GreenMail server per test JVM ({@link TestSmtpServer}); mailboxes are emptied before each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTestBase {

  public static final String PASSWORD = "demo";

  protected static final GreenMail greenMail = TestSmtpServer.get();

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", TestSmtpServer::port);
  }

  @BeforeEach
  void emptyMailboxes() throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
  }

  /**
   * Camunda's REST API and webapps look "the" engine up by name ("default") in a JVM-wide registry. When the test
   * framework closes an evicted context after a new one has started, the old engine's unregistration removes the new
   * engine's entry too; so this test's engine is registered again before each test.
   */
  @BeforeEach
  void registerThisContextsEngine() {
    ProcessEngines.registerProcessEngine(processEngine);
    // The webapps look it up in the runtime container instead, and fall back to its first engine: leave only ours
    // (an application that failed to start in another test may have left its engine there).
    RuntimeContainerDelegate container = RuntimeContainerDelegate.INSTANCE.get();
    for (ProcessEngine other : container.getProcessEngineService().getProcessEngines()) {
      if (other != processEngine) {
        container.unregisterProcessEngine(other);
      }
    }
    if (container.getProcessEngineService().getProcessEngine(processEngine.getName()) == null) {
      container.registerProcessEngine(processEngine);
    }
    // The webapps keep their runtime delegates in JVM-wide statics, set when a servlet context starts and cleared
    // when any servlet context of the JVM is destroyed (another test's application stopping, or failing to start).
    // Without them Tasklist and Cockpit answer every page with 500 (NullPointerException in Cockpit.getProcessEngine):
    // the order-dependent "webapp page answered 500" of earlier full runs. Production has one servlet context.
    if (Cockpit.getRuntimeDelegate() == null) {
      Cockpit.setCockpitRuntimeDelegate(new DefaultCockpitRuntimeDelegate());
    }
    if (Tasklist.getRuntimeDelegate() == null) {
      Tasklist.setTasklistRuntimeDelegate(new DefaultTasklistRuntimeDelegate());
    }
    if (Admin.getRuntimeDelegate() == null) {
      Admin.setAdminRuntimeDelegate(new DefaultAdminRuntimeDelegate());
    }
    if (Welcome.getRuntimeDelegate() == null) {
      Welcome.setRuntimeDelegate(new DefaultWelcomeRuntimeDelegate());
    }
  }

  @LocalServerPort
  protected int port;

  @Autowired
  protected ProcessEngine processEngine;

  @Autowired
  private MeterRegistry meters;

  /** A client that calls SOPFlow as the given demo user (HTTP Basic). */
  protected RestClient as(String user) {
    return RestClient.builder()
        .baseUrl("http://127.0.0.1:" + port)
        .defaultHeaders(h -> h.setBasicAuth(user, PASSWORD))
        .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", " + MediaType.APPLICATION_PROBLEM_JSON_VALUE)
        .defaultStatusHandler(status -> true, (request, response) -> { })
        .build();
  }

  /**
   * People in two groups at once (the demo users are in one each): someone who may see every security incident and is
   * also a process owner, whose group REVOKE on each security incident must not hide it from them
   * (platform/process/ConfidentialInstances). Created on first use by {@link #personIn}.
   */
  public static final Map<String, List<String>> TWO_GROUP_PEOPLE = new LinkedHashMap<>();
  public static final String MANAGER_AND_OWNER = "mgrowner";
  public static final String OFFICER_AND_OWNER = "secowner";

  static {
    TWO_GROUP_PEOPLE.put(MANAGER_AND_OWNER, List.of(Groups.MANAGERS, Groups.PROCESS_OWNERS));
    TWO_GROUP_PEOPLE.put(OFFICER_AND_OWNER, List.of(Groups.SECURITY_OFFICERS, Groups.PROCESS_OWNERS));
  }

  /** The people of {@link #TWO_GROUP_PEOPLE}, in the identity store of this context. */
  protected void twoGroupPeople() {
    TWO_GROUP_PEOPLE.forEach((user, groups) -> personIn(user, groups.toArray(String[]::new)));
  }

  /**
   * A user with the demo password in (at least) these groups, created if missing, as an admin would in Camunda Admin.
   * Returns the id.
   */
  protected String personIn(String userId, String... groups) {
    var identity = processEngine.getIdentityService();
    if (identity.createUserQuery().userId(userId).count() == 0) {
      var user = identity.newUser(userId);
      user.setFirstName(userId);
      user.setLastName("Test");
      user.setEmail(userId + "@sopflow.local");
      user.setPassword(PASSWORD);
      identity.saveUser(user);
    }
    for (String group : groups) {
      if (identity.createUserQuery().userId(userId).memberOfGroup(group).count() == 0) {
        identity.createMembership(userId, group);
      }
    }
    return userId;
  }

  /**
   * A new person (id {@code prefix-} and a random part) whose line manager is {@code manager}, as every demo user's
   * is: a beneficiary no other test has asked anything for, in a context that tests of several classes share (a second
   * access request for the same right is refused).
   */
  protected String newPerson(String prefix) {
    String user = personIn(prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    processEngine.getIdentityService().setUserInfo(user, io.sopflow.identity.Directory.MANAGER_INFO_KEY, "manager");
    return user;
  }

  protected RestClient anonymous() {
    return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
        .defaultStatusHandler(status -> true, (request, response) -> { }).build();
  }

  /** Waits until mails to {@code address} arrive and returns them. */
  protected List<MimeMessage> awaitMailTo(String address, int atLeast, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> mailsTo(address).size() >= atLeast);
    return mailsTo(address);
  }

  /**
   * Waits until mails to {@code address} about {@code reference} (a business key in the subject) arrive. Mail leaves
   * through the outbox moments after the step that recorded it, so a mail of an earlier test's record may still
   * arrive while this test runs: tests that look for "the" mail of their record filter by its key.
   */
  protected List<MimeMessage> awaitMailAbout(String address, String reference, int atLeast, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(200))
        .until(() -> mailsAbout(address, reference).size() >= atLeast);
    return mailsAbout(address, reference);
  }

  protected List<MimeMessage> mailsAbout(String address, String reference) {
    return mailsTo(address).stream().filter(m -> {
      try {
        return m.getSubject() != null && m.getSubject().contains(reference);
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList();
  }

  protected List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList();
  }

  /** The open task {@code taskKey} of the instance with {@code businessKey}, or null. */
  protected Task taskOf(String businessKey, String taskKey) {
    return processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(businessKey)
        .taskDefinitionKey(taskKey).singleResult();
  }

  /**
   * {@code /engine-rest} of this test's engine as {@code user}, by the engine's name: another test class of the JVM may
   * have registered an engine called "default".
   */
  protected ResponseEntity<JsonNode> engineRestAs(String user, HttpMethod method, String path, Object body) {
    var request = as(user).method(method).uri("/engine-rest/engine/{engine}" + path, processEngine.getName());
    if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON).body(body);
    }
    return request.retrieve().toEntity(JsonNode.class);
  }

  /** Completes the task as the person would in Tasklist (engine authentication set, so listeners see them). */
  protected void completeTaskAs(String user, String businessKey, String taskKey, Map<String, Object> variables) {
    Task task = taskOf(businessKey, taskKey);
    assertThat(task).as(taskKey + " of " + businessKey).isNotNull();
    var identity = processEngine.getIdentityService();
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream()
        .map(g -> g.getId()).toList());
    try {
      processEngine.getTaskService().complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  /**
   * The SLA breaches this context counted ({@code sopflow.sla.breaches}, {@code sopflow_sla_breaches_total}) with these
   * labels; 0 before the first. Counted after the breach's transaction commits, so read it after that commit.
   */
  protected double slaBreaches(String sop, String priority, String target) {
    Counter counter = meters.find(SopMetrics.SLA_BREACHES).tags("sop", sop, "priority", priority, "target", target)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  /** Runs every job that is due now, as the job executor would, until none is left (bounded). */
  protected void executeDueJobs() {
    var management = processEngine.getManagementService();
    for (int round = 0; round < 50; round++) {
      var jobs = management.createJobQuery().executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (var job : jobs) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException e) {
          // A job that fails here is retried by the engine; tests assert on its effects, not on this call.
        }
      }
    }
  }
}
