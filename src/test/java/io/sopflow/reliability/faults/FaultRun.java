package io.sopflow.reliability.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Fault runs against real SOPFlow nodes (separate JVMs) on a throw-away database of the MariaDB at 127.0.0.1:3306.
 * Each prints its figures and ends with a RESULT line; the exit code is 0 only if nothing was lost, duplicated or stuck.
 *
 * <pre>
 *   scripts/fault-node-kill.sh   [incidents]   kill -9 one of two nodes while SLA timers come due
 *   scripts/fault-db-restart.sh  [seconds]     MariaDB restarts under a steady load of incident creations
 *   scripts/fault-smtp-down.sh   [incidents]   the SMTP server is down while escalations are mailed
 * </pre>
 *
 * The scripts build the class paths and call {@code java -cp ... io.sopflow.reliability.faults.FaultRun <scenario>}
 * with {@code -Dsopflow.fault.nodeClasspath=...}. See docs/reliability.md.
 */
public final class FaultRun {

  static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
  static final String OPTIONS = "?sendFractionalSeconds=false&nullCatalogMeansCurrent=true&useUnicode=true"
      + "&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
  static final String MAIL_ACTIVITIES = "'Task_SendResponseWarning','Task_NotifyEscalation','Task_SendResolutionWarning',"
      + "'Task_NotifyResolutionBreach','Task_NotifyIncidentManagers','Task_AskRequester','Task_RequestConfirmation'";

  static final long LOCK_MILLIS = 20_000;

  private final PrintStream out = System.out;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path runDir;
  private final String nodeClasspath;
  private final String database;
  private final String jdbcUrl;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Long> figures = new LinkedHashMap<>();
  private final long started = System.currentTimeMillis();
  private SmtpSink smtp;

  private FaultRun(String scenario) throws IOException {
    this.runDir = Files.createDirectories(Path.of("target", "fault-runs", scenario + "-" + Instant.now().toString()
        .replace(":", "").substring(0, 15)));
    this.nodeClasspath = System.getProperty("sopflow.fault.nodeClasspath");
    if (nodeClasspath == null || nodeClasspath.isBlank()) {
      throw new IllegalStateException("-Dsopflow.fault.nodeClasspath is missing: run through scripts/fault-*.sh");
    }
    this.database = "sopflow_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    this.jdbcUrl = SERVER + database + OPTIONS;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: FaultRun node-kill|db-restart|smtp-down [size]");
      System.exit(2);
    }
    FaultRun run = new FaultRun(args[0]);
    boolean passed;
    try {
      passed = switch (args[0]) {
        case "node-kill" -> run.nodeKill(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
        case "db-restart" -> run.dbRestart(args.length > 1 ? Integer.parseInt(args[1]) : 60);
        case "smtp-down" -> run.smtpDown(args.length > 1 ? Integer.parseInt(args[1]) : 340);
        case "cold-start" -> run.coldStart(args.length > 1 ? Integer.parseInt(args[1]) : 2);
        default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
      };
    } finally {
      run.tearDown();
    }
    System.exit(passed ? 0 : 1);
  }

  // ------------------------------------------------------------------------------------------------ node-kill

  /**
   * Two nodes; {@code incidents} P3 incidents whose response target is 30 s at every tier (so each escalates three
   * times, with a warning mail and an escalation mail each time: 6 timers and 6 mails per incident). Once the first
   * breaches are being processed, node-2 is killed with {@code kill -9}; node-1 must take over node-2's locked jobs when
   * their 20 s lock expires and the notifications node-2 had claimed when their 20 s lease expires, and every
   * escalation and mail must happen exactly once.
   */
  private boolean nodeKill(int incidents) throws Exception {
    header("node-kill", "kill -9 one of two nodes while " + (6 * incidents) + " SLA timers (" + (3 * incidents)
        + " breaches, " + (3 * incidents) + " warnings) of " + incidents + " incidents come due");
    setUp(true);
    List<String> slaArgs = List.of("--sopflow.sla.incident.p3.response=PT30S", "--sopflow.sla.incident.p3.calendar=24x7",
        "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_MILLIS,
        "--sopflow.notification.lease=PT" + (LOCK_MILLIS / 1000) + "S");
    startNodes(2, slaArgs);

    long createStart = System.currentTimeMillis();
    List<String> numbers = createIncidents(incidents, 8, "MEDIUM");
    long createMillis = System.currentTimeMillis() - createStart;
    line("incidents created", numbers.size() + " in " + seconds(createMillis) + " s over 2 nodes (unique numbers: "
        + (new HashSet<>(numbers).size() == numbers.size()) + ")");

    // Kill node-2 in the thick of it: once a tenth of the first-tier breaches have been escalated.
    awaitCondition(Duration.ofMinutes(5), () -> count("select count(*) from incident_escalation") >= incidents / 10);
    Node victim = nodes.get(1);
    Map<String, String> lockedAtKill = lockedJobs(System.currentTimeMillis());
    long killedAt = System.currentTimeMillis();
    killedAtMillis = killedAt;
    victim.killHard();
    long escalationsAtKill = count("select count(*) from incident_escalation");
    // The outbox rows node-2 held under a claim when it died (nobody else may take them before the lease ends).
    List<String> claimedAtKill = strings("select dedupe_key from notification where status = 'PENDING' and "
        + "claimed_by like 'node-2:%' and claimed_until is not null");
    line("node-2 killed (kill -9)", "at +" + seconds(killedAt - createStart) + " s; escalations so far "
        + escalationsAtKill + "; jobs locked at that moment " + lockedAtKill.size());
    // Owners that lock jobs after the kill are node-1's (their lock expires later than any lock taken before the
    // kill); the others were node-2's.
    Set<String> liveOwners = new HashSet<>();
    long sampleUntil = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < sampleUntil) {
      liveOwners.addAll(lockedJobs(killedAt + LOCK_MILLIS + 1000).values());
      Thread.sleep(250);
    }
    Set<String> deadNodeJobs = lockedAtKill.entrySet().stream().filter(e -> !liveOwners.contains(e.getValue()))
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    line("jobs locked by node-2 when it died", deadNodeJobs.size());
    line("notifications claimed by node-2 when it died", claimedAtKill.size());

    boolean finished = awaitCondition(Duration.ofMinutes(15), () ->
        count("select count(*) from incident_escalation") >= 3L * incidents && count("select count(*) from ACT_RU_JOB") == 0
            && count("select count(*) from notification where status = 'PENDING'") == 0);
    long doneAt = System.currentTimeMillis();
    line("all jobs done", finished ? "yes, " + seconds(doneAt - killedAt) + " s after the kill" : "NO (timeout)");

    long takenOver = 0;
    long firstTakeover = Long.MAX_VALUE;
    for (String jobId : deadNodeJobs) {
      List<Map<String, Object>> logs = rows("select HOSTNAME_, TIMESTAMP_ from ACT_HI_JOB_LOG where JOB_ID_ = '" + jobId
          + "' and JOB_STATE_ = 2");
      for (Map<String, Object> log : logs) {
        if ("node-1".equals(log.get("HOSTNAME_"))) {
          takenOver++;
          firstTakeover = Math.min(firstTakeover, epochMillis(log.get("TIMESTAMP_")));
        }
      }
    }
    long stillOpenDeadJobs = deadNodeJobs.stream().filter(id -> count("select count(*) from ACT_RU_JOB where ID_ = '"
        + id + "'") > 0).count();
    line("node-2's locked jobs completed by node-1", takenOver + " of " + deadNodeJobs.size()
        + (takenOver > 0 ? " (first " + seconds(firstTakeover - killedAt) + " s after the kill; lock time 20 s)" : "")
        + "; the rest had been deleted with their activity (e.g. a warning timer cancelled by its breach)"
        + " - still open: " + stillOpenDeadJobs);
    figures.put("deadNodeJobsStillOpen", stillOpenDeadJobs);
    if (!claimedAtKill.isEmpty()) {
      String keys = claimedAtKill.stream().map(k -> "'" + k + "'").collect(Collectors.joining(","));
      long resentBySurvivor = count("select count(*) from notification where dedupe_key in (" + keys + ") and "
          + "status = 'SENT' and claimed_by like 'node-1:%'");
      List<Map<String, Object>> firstResend = rows("select min(sent_at) t from notification where dedupe_key in ("
          + keys + ") and status = 'SENT' and claimed_by like 'node-1:%'");
      Object first = firstResend.isEmpty() ? null : firstResend.get(0).get("t");
      line("node-2's claimed notifications mailed by node-1", resentBySurvivor + " of " + claimedAtKill.size()
          + (first != null ? " (first " + seconds(epochMillis(first) - killedAt) + " s after the kill; lease 20 s)" : ""));
    }
    return reportTimersAndMails(numbers, 3);
  }

  /** The first copy reached the server within a second around the kill: it was being handed over when node-2 died. */
  private static boolean inFlightAt(List<SmtpSink.Delivery> copies, long killedAt) {
    long first = copies.stream().mapToLong(SmtpSink.Delivery::receivedAtMillis).min().orElseThrow();
    return copies.size() == 2 && Math.abs(first - killedAt) <= 1000;
  }

  private static String describe(List<SmtpSink.Delivery> copies) {
    return copies.stream().map(d -> d.recipients() + " at " + java.time.Instant.ofEpochMilli(d.receivedAtMillis()))
        .collect(Collectors.joining(", then "));
  }

  /** A DATETIME column's value: Connector/J gives {@code LocalDateTime} (in the JVM's zone, as the nodes wrote it). */
  private static long epochMillis(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.getTime();
    }
    if (value instanceof java.time.LocalDateTime local) {
      return local.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
    throw new IllegalStateException("Not a timestamp: " + value);
  }

  /** Escalations, mails and jobs of the given incidents after they all escalated {@code levels} times. */
  /** When node-2 was killed (node-kill run only). */
  private Long killedAtMillis;

  private boolean reportTimersAndMails(List<String> numbers, int levels) throws Exception {
    String inList = numbers.stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));
    long expectedEscalations = (long) levels * numbers.size();
    long escalationRows = count("select count(*) from incident_escalation");
    long distinctEscalations = count("select count(*) from (select distinct incident_id, sla_target, to_level from "
        + "incident_escalation) d");
    long escalationAudit = count("select count(*) from audit_entry where action like 'ESCALATED%'");
    line("escalations expected", expectedEscalations);
    line("escalation records", escalationRows + " (distinct " + distinctEscalations + "; audit entries "
        + escalationAudit + ")");
    long lostEscalations = Math.max(0, expectedEscalations - distinctEscalations);
    long duplicatedEscalations = escalationRows - distinctEscalations;

    List<String> dedupeKeys = strings("select dedupe_key from notification where reference in (" + inList + ")");
    long mailActivities = count("select count(*) from ACT_HI_ACTINST where ACT_ID_ in (" + MAIL_ACTIVITIES
        + ") and END_TIME_ is not null and ACT_INST_STATE_ <> 2");
    Map<String, Integer> delivered = new HashMap<>();
    Map<String, List<SmtpSink.Delivery>> deliveriesById = new HashMap<>();
    for (SmtpSink.Delivery delivery : smtp.deliveries()) {
      delivered.merge(delivery.messageId(), 1, Integer::sum);
      deliveriesById.computeIfAbsent(delivery.messageId(), id -> new ArrayList<>()).add(delivery);
    }
    long lostMails = 0;
    long duplicatedMails = 0;
    List<String> inFlightAtKill = new ArrayList<>();
    for (String key : dedupeKeys) {
      int times = delivered.getOrDefault(messageId(key), 0);
      if (times == 0) {
        lostMails++;
      } else if (times > 1 && killedAtMillis != null && inFlightAt(deliveriesById.get(messageId(key)), killedAtMillis)) {
        // The SMTP server had the message when node-2 died, before node-2 could record the hand-over (RFC 1047's
        // window: no client can tell "accepted, answer lost" from "not accepted"); the survivor sent it again.
        inFlightAtKill.add(describe(deliveriesById.get(messageId(key))));
      } else {
        duplicatedMails += times - 1;
      }
    }
    line("mail steps completed", mailActivities);
    line("notifications recorded", dedupeKeys.size() + " (expected " + (2L * levels * numbers.size()) + ")");
    line("mails delivered to the SMTP sink", smtp.deliveries().size() + " (distinct Message-IDs "
        + delivered.size() + ")");
    if (killedAtMillis != null) {
      line("mails in flight at the kill, sent again", inFlightAtKill.size() + (inFlightAtKill.isEmpty() ? ""
          : " " + inFlightAtKill));
    }
    long missingNotifications = Math.max(0, 2L * levels * numbers.size() - dedupeKeys.size());

    long jobsLeft = count("select count(*) from ACT_RU_JOB");
    long openIncidents = count("select count(*) from ACT_RU_INCIDENT");
    long notificationsLeft = count("select count(*) from notification where status in ('PENDING', 'FAILED')");
    long failedAttempts = count("select count(*) from ACT_HI_JOB_LOG where JOB_STATE_ = 1");
    long completedTwice = count("select count(*) from (select JOB_ID_ from ACT_HI_JOB_LOG where JOB_STATE_ = 2 "
        + "group by JOB_ID_ having count(*) > 1) d");
    long stuckInstances = count("select count(*) from incident i where not exists (select 1 from ACT_RU_TASK t where "
        + "t.PROC_INST_ID_ = i.process_instance_id)");
    line("jobs left / Cockpit incidents", jobsLeft + " / " + openIncidents);
    line("notifications pending or FAILED", notificationsLeft);
    line("failed job attempts (retried)", failedAttempts);
    line("jobs completed twice", completedTwice);
    line("incidents without a waiting task", stuckInstances);
    Map<String, Long> perNode = new LinkedHashMap<>();
    for (Map<String, Object> row : rows("select HOSTNAME_ h, count(*) c from ACT_HI_JOB_LOG where JOB_STATE_ = 2 "
        + "group by HOSTNAME_ order by HOSTNAME_")) {
      perNode.put(String.valueOf(row.get("h")), ((Number) row.get("c")).longValue());
    }
    line("jobs completed per node", perNode);

    long lost = lostEscalations + lostMails + missingNotifications;
    long duplicated = duplicatedEscalations + duplicatedMails + completedTwice;
    long stuck = jobsLeft + openIncidents + stuckInstances + notificationsLeft
        + figures.getOrDefault("deadNodeJobsStillOpen", 0L);
    return result(lost, duplicated, stuck);
  }

  // ------------------------------------------------------------------------------------------------ db-restart

  private static final List<String> DB_RESTART_ITEMS = List.of("fault-gw-1", "fault-gw-2");

  /**
   * One node under a steady load of incident creations (4 callers) for {@code seconds}; MariaDB is shut down after
   * 15 s and started again after an outage of at most 15 s. Callers must get 503 problem+json while it is down, no
   * incident may exist without its process instance or the reverse, health must go DOWN and back UP, and the node must
   * serve again without a restart. The incidents are on two configuration items, as in an outage of two devices: each
   * item must end with exactly one problem holding every incident on it (the first reports decide under the item's
   * lock, the later ones join the problem and hold it shared only to check it before their commit,
   * docs/problems.md).
   */
  private boolean dbRestart(int seconds) throws Exception {
    header("db-restart", "MariaDB stops for <= 15 s under a steady load of incident creations (" + seconds + " s)");
    setUp(false);
    startNodes(1, List.of());
    Node node = nodes.get(0);
    long nodePid = node.pid();

    List<String> healthChanges = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread healthWatch = new Thread(() -> {
      String last = "";
      while (!stop.get()) {
        String now = node.health();
        if (!now.equals(last)) {
          synchronized (healthChanges) {
            healthChanges.add("+" + seconds(System.currentTimeMillis() - started) + " s " + now);
          }
          last = now;
        }
        sleep(250);
      }
    });
    healthWatch.start();

    record Call(long at, int status, String contentType, String number, String retryAfter, String error) {}
    ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    long loadStart = System.currentTimeMillis();
    long loadEnd = loadStart + seconds * 1000L;
    AtomicInteger sequence = new AtomicInteger();
    for (int t = 0; t < 4; t++) {
      callers.submit(() -> {
        while (System.currentTimeMillis() < loadEnd) {
          long at = System.currentTimeMillis();
          try {
            int n = sequence.incrementAndGet();
            HttpResponse<String> response = postIncident(node, "DB restart probe " + n, DB_RESTART_ITEMS.get(n % 2),
                "MEDIUM");
            String number = response.statusCode() == 201 ? json.readTree(response.body()).path("number").asText() : null;
            calls.add(new Call(at, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                number, response.headers().firstValue("Retry-After").orElse(null), null));
            if (response.statusCode() != 201) {
              sleep(200);
            }
          } catch (Exception e) {
            calls.add(new Call(at, -1, "", null, null, e.getClass().getSimpleName()));
            sleep(200);
          }
        }
        return null;
      });
    }

    sleep(15_000);
    long downAt = System.currentTimeMillis();
    long upAt;
    try {
      exec("mysqladmin", "-uroot", "shutdown");
      line("MariaDB shut down", "at +" + seconds(downAt - loadStart) + " s of load");
      sleep(Math.max(0, 15_000 - (System.currentTimeMillis() - downAt)));
    } finally {
      // Start it again in every case; first let the old server process finish exiting, or start-stop-daemon would see
      // it still running and do nothing (--oknodo).
      awaitCondition(Duration.ofSeconds(60), () -> !mariadbRunning());
      for (int attempt = 1; attempt <= 3 && !databaseReachable(); attempt++) {
        exec("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd");
        awaitCondition(Duration.ofSeconds(60), FaultRun::databaseReachable);
      }
      upAt = System.currentTimeMillis();
    }
    line("MariaDB back", "after an outage of " + seconds(upAt - downAt) + " s");
    callers.shutdown();
    callers.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
    // Let health settle, then stop watching.
    awaitCondition(Duration.ofSeconds(60), () -> "UP".equals(node.health()));
    sleep(1000);
    stop.set(true);
    healthWatch.join();

    Map<String, Long> byStatus = calls.stream().collect(Collectors.groupingBy(
        c -> c.status() == -1 ? "no answer (" + c.error() + ")" : c.status() + " " + c.contentType(),
        LinkedHashMap::new, Collectors.counting()));
    line("calls", calls.size() + " " + byStatus);
    long created = calls.stream().filter(c -> c.status() == 201).count();
    long refused503 = calls.stream().filter(c -> c.status() == 503
        && c.contentType().startsWith("application/problem+json") && c.retryAfter() != null).count();
    long otherFailures = calls.stream().filter(c -> c.status() != 201 && !(c.status() == 503
        && c.contentType().startsWith("application/problem+json"))).count();
    long createdAfterOutage = calls.stream().filter(c -> c.status() == 201 && c.at() > upAt).count();
    line("503 problem+json with Retry-After", refused503);
    line("other failures (5xx other than 503, no answer)", otherFailures);
    line("created after the database came back", createdAfterOutage + " (node pid " + nodePid + " unchanged: "
        + (node.alive() && node.pid() == nodePid) + ")");
    synchronized (healthChanges) {
      line("health changes", healthChanges);
    }
    boolean healthWentDownAndUp;
    synchronized (healthChanges) {
      int down = -1;
      int upAfter = -1;
      for (int i = 0; i < healthChanges.size(); i++) {
        if (healthChanges.get(i).endsWith("DOWN") && down < 0) {
          down = i;
        }
        if (down >= 0 && i > down && healthChanges.get(i).endsWith("UP")) {
          upAfter = i;
        }
      }
      healthWentDownAndUp = down >= 0 && upAfter > down;
    }

    Set<String> confirmed = calls.stream().filter(c -> c.number() != null).map(Call::number).collect(Collectors.toSet());
    Set<String> stored = new HashSet<>(strings("select incident_number from incident"));
    long withoutInstance = count("select count(*) from incident i where i.process_instance_id is null or not exists "
        + "(select 1 from ACT_HI_PROCINST p where p.ID_ = i.process_instance_id)");
    long instancesWithoutIncident = count("select count(*) from ACT_HI_PROCINST p where p.PROC_DEF_KEY_ = "
        + "'IncidentEscalationProcess' and not exists (select 1 from incident i where i.incident_number = p.BUSINESS_KEY_)");
    long withoutTask = count("select count(*) from incident i where not exists (select 1 from ACT_RU_TASK t where "
        + "t.PROC_INST_ID_ = i.process_instance_id)");
    long auditMissing = count("select count(*) from incident i where not exists (select 1 from audit_entry a where "
        + "a.subject_key = i.incident_number and a.action = 'REPORTED')");
    List<Long> problemsPerItem = new ArrayList<>();
    for (String item : DB_RESTART_ITEMS) {
      problemsPerItem.add(count("select count(*) from problem where configuration_item = '" + item + "'"));
    }
    long unlinked = count("select count(*) from incident i where i.configuration_item is not null and not exists "
        + "(select 1 from problem_incident l join problem p on p.id = l.problem_id where l.incident_number = "
        + "i.incident_number and p.configuration_item = i.configuration_item)");
    Set<String> lostNumbers = new HashSet<>(confirmed);
    lostNumbers.removeAll(stored);
    Set<String> unconfirmed = new HashSet<>(stored);
    unconfirmed.removeAll(confirmed);
    line("incidents stored / confirmed with 201", stored.size() + " / " + confirmed.size());
    line("confirmed but not stored (lost)", lostNumbers.size());
    line("stored but not confirmed (commit ok, answer lost)", unconfirmed.size());
    line("incidents without their process instance", withoutInstance);
    line("process instances without their incident", instancesWithoutIncident);
    line("incidents without a waiting task / audit entry", withoutTask + " / " + auditMissing);
    line("problems per configuration item " + DB_RESTART_ITEMS, problemsPerItem);
    line("incidents not linked to their item's problem", unlinked);
    line("health went DOWN and back UP", healthWentDownAndUp);
    long halfWritten = withoutInstance + instancesWithoutIncident + withoutTask + auditMissing + unlinked
        + problemsPerItem.stream().filter(problems -> problems != 1).count();
    boolean ok = healthWentDownAndUp && refused503 > 0 && otherFailures == 0 && createdAfterOutage > 0
        && node.pid() == nodePid;
    if (!ok) {
      line("CHECK FAILED", "503s " + refused503 + ", other failures " + otherFailures + ", created after "
          + createdAfterOutage + ", health down and up " + healthWentDownAndUp);
    }
    List<String> confirmedList = calls.stream().filter(c -> c.number() != null).map(Call::number).toList();
    return result(lostNumbers.size(), confirmedList.size() - confirmed.size(), halfWritten) && ok;
  }

  // ------------------------------------------------------------------------------------------------ smtp-down

  /**
   * Two nodes; the SMTP server is down while {@code incidents} P3 incidents escalate three times each (30 s response
   * target), and while people complete 40 triage and 40 resolve tasks through the engine REST API. Notifications are
   * recorded with each step (the outbox); the dispatchers' attempts fail and back off (capped at a minute); nobody's
   * task completion is rolled back or held up; after SMTP returns every mail is delivered once, within two minutes.
   */
  private boolean smtpDown(int incidents) throws Exception {
    int worked = Math.min(40, incidents / 4);
    header("smtp-down", "SMTP down while " + (3 * (incidents - worked)) + " escalations of " + (incidents - worked)
        + " incidents are mailed, and while people complete tasks on " + worked + " others");
    setUp(true);
    startNodes(2, List.of("--sopflow.sla.incident.p3.response=PT30S", "--sopflow.sla.incident.p3.calendar=24x7"));
    smtp.stop();
    long smtpDownAt = System.currentTimeMillis();
    line("SMTP sink stopped", "before the first incident");

    // People work while SMTP is down: triage (desk) and resolve (l2) the first incidents. These are P4 (impact and
    // urgency LOW, the default response target of hours), so that a slow machine cannot let their SLA fire first and
    // take the triage task away from the people (a P3 here did, under load: 25 of 40 were escalated before triage).
    List<String> numbers = new ArrayList<>(createIncidents(worked, 4, "LOW"));
    int completions = 0;
    int refusedCompletions = 0;
    for (String number : numbers.subList(0, worked)) {
      boolean triaged = completeTask(nodes.get(completions % 2), "desk", number, "Task_TriageIncident",
          Map.of("resolverGroup", "support-l2", "triageNotes", "network team"));
      boolean resolved = triaged && completeTask(nodes.get((completions + 1) % 2), "l2", number, "Task_ResolveIncident",
          Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "restarted the mail relay"));
      completions += (triaged ? 1 : 0) + (resolved ? 1 : 0);
      refusedCompletions += (triaged ? 0 : 1) + (triaged && !resolved ? 1 : 0);
    }
    line("task completions while SMTP is down", completions + " answered 204, " + refusedCompletions + " refused");
    numbers.addAll(createIncidents(incidents - worked, 8, "MEDIUM"));
    line("incidents created", numbers.size() + " (" + worked + " worked on by people, " + (incidents - worked)
        + " left to escalate)");

    // Keep SMTP down until the escalations are through and their notifications have failed at least once.
    int escalating = incidents - worked;
    awaitCondition(Duration.ofMinutes(10), () -> count("select count(*) from incident_escalation") >= 3L * escalating);
    awaitCondition(Duration.ofMinutes(2), () -> count("select count(*) from notification where status = 'PENDING' "
        + "and attempts = 0") == 0);
    long failedWhileDown = count("select coalesce(sum(attempts), 0) from notification");
    long waitingNotifications = count("select count(*) from notification where status = 'PENDING' and attempts > 0");
    long retriesExhausted = count("select count(*) from notification where status = 'FAILED'");
    long failedJobAttempts = count("select count(*) from ACT_HI_JOB_LOG where JOB_STATE_ = 1");
    long deliveredWhileDown = smtp.deliveries().size();
    smtp.start();
    long smtpUpAt = System.currentTimeMillis();
    line("SMTP down for", seconds(smtpUpAt - smtpDownAt) + " s; failed mail attempts " + failedWhileDown
        + ", notifications waiting for their retry " + waitingNotifications + ", given up (FAILED) " + retriesExhausted
        + ", failed job attempts " + failedJobAttempts + ", delivered while down " + deliveredWhileDown);

    boolean drained = awaitCondition(Duration.ofMinutes(5), () ->
        count("select count(*) from notification where status = 'PENDING'") == 0
        && count("select count(*) from ACT_RU_JOB j join "
        + "ACT_RU_JOBDEF d on d.ID_ = j.JOB_DEF_ID_ where d.ACT_ID_ in (" + MAIL_ACTIVITIES + ")") == 0
        && count("select count(*) from ACT_RU_JOB where DUEDATE_ is not null and DUEDATE_ < now() - interval 5 second") == 0);
    long lastDelivery = smtp.deliveries().stream().mapToLong(SmtpSink.Delivery::receivedAtMillis).max().orElse(smtpUpAt);
    line("all mails delivered", (drained ? "yes" : "NO") + ", the last " + seconds(lastDelivery - smtpUpAt)
        + " s after SMTP came back");

    // The people's work stands: tasks completed while SMTP was down are not back, their incidents are resolved.
    String workedList = numbers.subList(0, worked).stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));
    long resolvedStored = count("select count(*) from incident where incident_number in (" + workedList
        + ") and resolved_at is not null");
    long triageBack = count("select count(*) from ACT_RU_TASK t join incident i on t.PROC_INST_ID_ = i.process_instance_id "
        + "where i.incident_number in (" + workedList + ") and t.TASK_DEF_KEY_ in ('Task_TriageIncident', "
        + "'Task_ResolveIncident')");
    line("worked incidents resolved / tasks reappeared", resolvedStored + " of " + worked + " / " + triageBack);
    long confirmationMails = count("select count(*) from notification where template = 'incident-resolved'");
    line("resolution mails (sent after recovery)", confirmationMails + " of " + worked);

    List<String> escalated = numbers.subList(worked, numbers.size());
    long rolledBack = (worked - resolvedStored) + triageBack + (worked - confirmationMails);
    boolean timely = drained && lastDelivery - smtpUpAt <= 120_000;
    boolean ok = reportMails(escalated, numbers) && timely;
    if (rolledBack > 0 || refusedCompletions > 0) {
      line("CHECK FAILED", "task completions rolled back or refused: " + (rolledBack + refusedCompletions));
    }
    return ok && rolledBack == 0 && refusedCompletions == 0;
  }

  /** Mails of the run: every notification recorded was delivered exactly once; none missing for the escalations. */
  private boolean reportMails(List<String> escalated, List<String> all) throws Exception {
    String inList = all.stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));
    long expectedEscalations = 3L * escalated.size();
    long distinctEscalations = count("select count(*) from (select distinct incident_id, sla_target, to_level from "
        + "incident_escalation) d");
    long escalationRows = count("select count(*) from incident_escalation");
    List<String> dedupeKeys = strings("select dedupe_key from notification where reference in (" + inList + ")");
    long escalationMails = count("select count(*) from notification where template = 'incident-escalated'");
    long mailSteps = count("select count(*) from ACT_HI_ACTINST where ACT_ID_ in (" + MAIL_ACTIVITIES
        + ") and END_TIME_ is not null and ACT_INST_STATE_ <> 2");
    Map<String, Integer> delivered = new HashMap<>();
    for (SmtpSink.Delivery delivery : smtp.deliveries()) {
      delivered.merge(delivery.messageId(), 1, Integer::sum);
    }
    long lostMails = 0;
    long duplicatedMails = 0;
    for (String key : dedupeKeys) {
      int times = delivered.getOrDefault(messageId(key), 0);
      if (times == 0) {
        lostMails++;
      } else {
        duplicatedMails += times - 1;
      }
    }
    long jobsLeft = count("select count(*) from ACT_RU_JOB where DUEDATE_ is null or DUEDATE_ < now()");
    long openIncidents = count("select count(*) from ACT_RU_INCIDENT");
    long notificationsLeft = count("select count(*) from notification where status in ('PENDING', 'FAILED')");
    long resent = count("select count(*) from notification where status = 'SENT' and attempts > 1");
    line("escalations expected / recorded", expectedEscalations + " / " + distinctEscalations + " (rows "
        + escalationRows + ")");
    line("escalation mails recorded", escalationMails + " of " + expectedEscalations);
    line("mail steps completed / notifications recorded", mailSteps + " / " + dedupeKeys.size());
    line("mails delivered (distinct Message-IDs)", smtp.deliveries().size() + " (" + delivered.size() + ")");
    line("due jobs left / Cockpit incidents", jobsLeft + " / " + openIncidents);
    line("notifications pending or FAILED / sent after retries", notificationsLeft + " / " + resent);
    long lost = Math.max(0, expectedEscalations - distinctEscalations) + Math.max(0, expectedEscalations - escalationMails)
        + lostMails + Math.max(0, mailSteps - dedupeKeys.size());
    long duplicated = (escalationRows - distinctEscalations) + duplicatedMails;
    return result(lost, duplicated, jobsLeft + openIncidents + notificationsLeft);
  }

  // ------------------------------------------------------------------------------------------------ cold-start

  /** {@code nodes} JVMs started at the same moment on an empty database: all come UP, every model deployed once. */
  private boolean coldStart(int count) throws Exception {
    header("cold-start", count + " nodes (separate JVMs) started at the same moment on an empty database");
    setUp(false);
    List<Node> starting = new ArrayList<>();
    long t = System.currentTimeMillis();
    for (int i = 1; i <= count; i++) {
      starting.add(Node.start("node-" + i, freePort(), nodeClasspath, jdbcUrl, smtp.port(),
          runDir.resolve("node-" + i + ".log"), List.of()));
    }
    nodes.addAll(starting);
    long up = 0;
    for (Node node : starting) {
      try {
        node.awaitUp(Duration.ofMinutes(5));
        up++;
        line(node.name + " UP", "after " + seconds(System.currentTimeMillis() - t) + " s");
      } catch (IllegalStateException e) {
        line(node.name + " FAILED", e.getMessage());
      }
    }
    long twice = count("select count(*) from (select KEY_ from ACT_RE_PROCDEF group by KEY_ having count(*) > 1) d");
    long definitions = count("select count(*) from ACT_RE_PROCDEF");
    long deployments = count("select count(*) from ACT_RE_DEPLOYMENT");
    long groups = count("select count(*) from ACT_ID_GROUP");
    long users = count("select count(*) from ACT_ID_USER");
    long filters = count("select count(*) from ACT_RU_FILTER");
    line("nodes UP", up + " of " + count);
    line("process definitions / deployed twice", definitions + " / " + twice);
    line("deployments / groups / users / filters", deployments + " / " + groups + " / " + users + " / " + filters);
    return result(0, twice + (filters - 2) + (groups - 13), count - up);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private void header(String name, String what) {
    out.println("== SOPFlow fault run: " + name);
    out.println("   " + what);
    out.println("   started " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs; logs in "
        + runDir);
  }

  private void setUp(boolean withMail) throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "")) {
      c.createStatement().execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    smtp = new SmtpSink(freePort(), runDir.resolve("smtp-deliveries.tsv"));
    smtp.start();
    line("database", database + " on MariaDB 127.0.0.1:3306" + (withMail ? "; SMTP sink on port " + smtp.port() : ""));
  }

  /** Starts the nodes one after the other (the simultaneous start is covered by TwoNodeClusterTest). */
  private void startNodes(int count, List<String> extraArgs) throws Exception {
    for (int i = 1; i <= count; i++) {
      long t = System.currentTimeMillis();
      Node node = Node.start("node-" + i, freePort(), nodeClasspath, jdbcUrl, smtp.port(),
          runDir.resolve("node-" + i + ".log"), extraArgs);
      nodes.add(node);
      node.awaitUp(Duration.ofMinutes(4));
      line("node-" + i + " UP", "pid " + node.pid() + ", port " + node.port + ", started in "
          + seconds(System.currentTimeMillis() - t) + " s");
    }
  }

  /** Creates incidents through the API, {@code level} their impact and urgency (MEDIUM: P3, LOW: P4). */
  private List<String> createIncidents(int count, int threads, String level) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    List<Future<List<String>>> futures = new ArrayList<>();
    List<Node> live = nodes.stream().filter(Node::alive).toList();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        List<String> mine = new ArrayList<>();
        int i;
        while ((i = next.getAndIncrement()) < count) {
          Node node = live.get(i % live.size());
          for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = postIncident(node, "Fault run incident " + i, null, level);
            if (response.statusCode() == 201) {
              mine.add(json.readTree(response.body()).path("number").asText());
              break;
            }
            if (attempt == 5) {
              throw new IllegalStateException("incident " + i + ": " + response.statusCode() + " " + response.body());
            }
            sleep(500);
          }
        }
        return mine;
      }));
    }
    List<String> numbers = new ArrayList<>();
    for (Future<List<String>> future : futures) {
      numbers.addAll(future.get(30, TimeUnit.MINUTES));
    }
    pool.shutdown();
    return numbers;
  }

  private HttpResponse<String> postIncident(Node node, String title, String configurationItem, String level)
      throws IOException, InterruptedException {
    String body = "{\"title\":\"" + title + "\",\"description\":\"created by a fault run\",\"impact\":\"" + level
        + "\",\"urgency\":\"" + level + "\",\"category\":\"other\""
        + (configurationItem == null ? "" : ",\"configurationItem\":\"" + configurationItem + "\"") + "}";
    return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/incidents"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", basic("desk")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Completes the incident's active task through {@code /engine-rest}, as Tasklist does; true on 204. */
  private boolean completeTask(Node node, String user, String number, String taskKey, Map<String, String> variables)
      throws Exception {
    HttpResponse<String> tasks = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
            + "/engine-rest/task?processInstanceBusinessKey=" + number + "&taskDefinitionKey=" + taskKey))
        .header("Authorization", basic(user)).GET().build(), HttpResponse.BodyHandlers.ofString());
    JsonNode list = json.readTree(tasks.body());
    if (!list.isArray() || list.isEmpty()) {
      line("no task " + taskKey + " for " + number, tasks.statusCode() + " " + tasks.body());
      return false;
    }
    String taskId = list.get(0).path("id").asText();
    Map<String, Object> vars = new LinkedHashMap<>();
    variables.forEach((k, v) -> vars.put(k, Map.of("value", v, "type", "String")));
    HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/engine-rest/task/"
            + taskId + "/complete"))
        .header("Authorization", basic(user)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("variables", vars)))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (done.statusCode() != 204) {
      line("completing " + taskKey + " of " + number + " refused", done.statusCode() + " " + done.body());
    }
    return done.statusCode() == 204;
  }

  /** Jobs whose lock expires after the given time, with their lock owner (one per job executor). */
  private Map<String, String> lockedJobs(long expiringAfterMillis) {
    Map<String, String> locked = new HashMap<>();
    for (Map<String, Object> row : rows("select ID_, LOCK_OWNER_ from ACT_RU_JOB where LOCK_OWNER_ is not null "
        + "and LOCK_EXP_TIME_ > from_unixtime(" + (expiringAfterMillis / 1000) + ")")) {
      locked.put((String) row.get("ID_"), (String) row.get("LOCK_OWNER_"));
    }
    return locked;
  }

  private boolean result(long lost, long duplicated, long stuck) {
    boolean passed = lost == 0 && duplicated == 0 && stuck == 0;
    out.println("RESULT lost=" + lost + " duplicated=" + duplicated + " stuck=" + stuck + " -> "
        + (passed ? "PASS" : "FAIL") + " (run took " + seconds(System.currentTimeMillis() - started) + " s)");
    return passed;
  }

  private void tearDown() {
    for (Node node : nodes) {
      try {
        node.stop();
      } catch (Exception e) {
        out.println("could not stop " + node.name + ": " + e);
      }
    }
    try {
      if (smtp != null) {
        smtp.close();
      }
    } catch (IOException e) {
      out.println("could not stop the SMTP sink: " + e);
    }
    if (!Boolean.getBoolean("sopflow.fault.keepDatabase")) {
      try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "")) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + database);
      } catch (SQLException e) {
        out.println("could not drop " + database + ": " + e.getMessage());
      }
    } else {
      out.println("database kept: " + database);
    }
  }

  private void line(String label, Object value) {
    out.printf("   %-52s %s%n", label, value);
  }

  private long count(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "root", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private List<String> strings(String sql) {
    List<String> values = new ArrayList<>();
    for (Map<String, Object> row : rows(sql)) {
      values.add(String.valueOf(row.values().iterator().next()));
    }
    return values;
  }

  private List<Map<String, Object>> rows(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "root", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Whether a MariaDB server process exists ({@code pgrep}, read-only). */
  private static boolean mariadbRunning() {
    try {
      return new ProcessBuilder("pgrep", "-x", "mariadbd").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean databaseReachable() {
    try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private boolean awaitCondition(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // e.g. the database is just coming back: try again
      }
      sleep(1000);
    }
    return false;
  }

  private static void exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
  }

  static String messageId(String dedupeKey) {
    return "<" + dedupeKey.replaceAll("[^A-Za-z0-9.-]", "-") + "@sopflow>";
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @SuppressWarnings("unused")
  private static <T> Set<T> duplicates(Collection<T> values) {
    Set<T> seen = new HashSet<>();
    return values.stream().filter(v -> !seen.add(v)).collect(Collectors.toSet());
  }
}
