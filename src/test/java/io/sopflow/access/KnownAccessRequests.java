package io.sopflow.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * A known set of access requests in July and August 2019 (a period no other test uses), stored through the entity's
 * own transitions with explicit times, for the SLA report (docs/sla.md). The figures each should give are worked out
 * next to each request.
 */
public final class KnownAccessRequests {

  public static final String RESOURCE = "sla-known-res";
  public static final String OTHER_RESOURCE = "sla-known-res2";

  /** The CSV of July 2019 by resource. */
  public static final String CSV_JULY_BY_RESOURCE = """
      key,count,granted,meanTimeToGrantMinutes\r
      sla-known-res,3,2,45.3\r
      """;

  private KnownAccessRequests() {}

  public static void create(ApplicationContext context) {
    AccessResourceRepository resources = context.getBean(AccessResourceRepository.class);
    AccessRequestRepository requests = context.getBean(AccessRequestRepository.class);
    AccessResource resource = resource(resources, RESOURCE);
    AccessResource other = resource(resources, OTHER_RESOURCE);
    // 1: granted after 60 min. 2: granted after 30.5 min. Mean (60 + 30.5) / 2 = 45.25 -> 45.3.
    save(requests, granted(request(resource, "2019-07-01T09:00:00Z"), "2019-07-01T10:00:00Z"));
    save(requests, granted(request(resource, "2019-07-02T09:00:00Z"), "2019-07-02T09:30:30Z"));
    // 3: waits for the line manager (not granted).
    AccessRequest waiting = request(resource, "2019-07-03T09:00:00Z");
    waiting.segregationChecked(List.of(), null, at("2019-07-03T09:00:00Z"));
    save(requests, waiting);
    // 4, in August on the other resource: granted after 120 min.
    save(requests, granted(request(other, "2019-08-05T09:00:00Z"), "2019-08-05T11:00:00Z"));
  }

  private static AccessResource resource(AccessResourceRepository resources, String key) {
    return resources.findByResourceKey(key).orElseGet(() -> resources.save(new AccessResource(key,
        "Known resource for the SLA report", "finance", RiskLevel.HIGH, Duration.ofDays(90), "identity-group",
        at("2019-01-01T00:00:00Z"))));
  }

  private static AccessRequest request(AccessResource resource, String created) {
    return new AccessRequest("desk", "l2", resource, "SLA report figures", null, null, at(created));
  }

  /** Approved by the line manager and the owner, and provisioned at {@code granted}. */
  private static AccessRequest granted(AccessRequest r, String granted) {
    Instant now = at(granted);
    r.segregationChecked(List.of(), null, now);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, now);
    r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, now);
    r.activate(now);
    return r;
  }

  private static void save(AccessRequestRepository requests, AccessRequest r) {
    AccessRequest saved = requests.saveAndFlush(r);
    saved.assignKey();
    requests.saveAndFlush(saved);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
