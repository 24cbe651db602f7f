package io.sopflow.request;

import io.sopflow.identity.Groups;
import io.sopflow.request.ServiceCatalogueItem.ItemSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * A known set of service requests in March and April 2019 (a period no other test uses), stored through the entity's
 * own transitions with explicit times, for the SLA report (docs/sla.md). The figures each should give are worked out
 * next to each request.
 */
public final class KnownServiceRequests {

  public static final String DESK_ITEM = "sla-known-desk";
  public static final String L2_ITEM = "sla-known-l2";

  /** The CSV of March 2019 by item (header, sla-known-desk, sla-known-l2). */
  public static final String CSV_MARCH_BY_ITEM = """
      key,count,fulfilled,meanFulfilmentMinutes,fulfilmentBreaches,fulfilmentCompliancePercent,rated,meanRating\r
      sla-known-desk,3,3,90.2,1,66.7,2,3.5\r
      sla-known-l2,2,0,,1,0.0,0,\r
      """;

  private KnownServiceRequests() {}

  public static void create(ApplicationContext context) {
    ServiceCatalogueRepository catalogue = context.getBean(ServiceCatalogueRepository.class);
    ServiceRequestRepository requests = context.getBean(ServiceRequestRepository.class);
    ServiceCatalogueItem desk = item(catalogue, DESK_ITEM, Groups.SERVICE_DESK);
    ServiceCatalogueItem l2 = item(catalogue, L2_ITEM, Groups.SUPPORT_L2);

    // Desk 1: fulfilled after 60 min, rated 5.
    ServiceRequest r = request(desk, "2019-03-04T09:00:00Z");
    r.fulfil("desk", "done", true, at("2019-03-04T10:00:00Z"));
    r.confirm("requester", 5, "great", at("2019-03-04T11:00:00Z"));
    save(requests, r);
    // Desk 2: the target is breached, fulfilled after 180 min, rated 2.
    r = request(desk, "2019-03-05T09:00:00Z");
    r.recordBreach();
    r.fulfil("desk", "late", true, at("2019-03-05T12:00:00Z"));
    r.confirm("requester", 2, "slow", at("2019-03-05T13:00:00Z"));
    save(requests, r);
    // Desk 3: fulfilled after 30.5 min, closed without a rating. Mean (60 + 180 + 30.5) / 3 = 90.17 -> 90.2;
    // compliance: 3 verdicts, 1 breach -> 66.7 %; rated 2, mean rating 3.5.
    r = request(desk, "2019-03-06T09:00:00Z");
    r.fulfil("desk", "quick", true, at("2019-03-06T09:30:30Z"));
    r.closeAutomatically(at("2019-03-10T09:00:00Z"));
    save(requests, r);
    // L2 1: breached and not fulfilled (a verdict: breached).
    r = request(l2, "2019-03-07T09:00:00Z");
    r.recordBreach();
    save(requests, r);
    // L2 2: in fulfilment, within its target (no verdict yet). March for L2: 0 fulfilled, compliance 0 of 1 = 0.0 %.
    save(requests, request(l2, "2019-03-08T09:00:00Z"));
    // L2 3 in April: fulfilled after 45 min, rated 4.
    r = request(l2, "2019-04-02T09:00:00Z");
    r.fulfil("l2", "done", true, at("2019-04-02T09:45:00Z"));
    r.confirm("requester", 4, null, at("2019-04-02T10:00:00Z"));
    save(requests, r);
  }

  private static ServiceCatalogueItem item(ServiceCatalogueRepository catalogue, String key, String group) {
    return catalogue.findByItemKey(key).orElseGet(() -> catalogue.save(new ServiceCatalogueItem(key,
        new ItemSettings(key, "Known item for the SLA report", Approval.NONE, group, group, Duration.ofHours(2),
            ServiceCatalogue.DEFAULT_CALENDAR, List.of(), List.of(), null), "admin", at("2019-01-01T00:00:00Z"))));
  }

  /** Submitted at {@code created}, its fulfilment starting at once (the item needs no approval). */
  private static ServiceRequest request(ServiceCatalogueItem item, String created) {
    ServiceRequest r = new ServiceRequest(item, "requester", "requester", "SLA report figures", Map.of(),
        at(created));
    r.startFulfilment(at(created).plus(Duration.ofHours(2)), at(created));
    return r;
  }

  private static void save(ServiceRequestRepository requests, ServiceRequest r) {
    ServiceRequest saved = requests.saveAndFlush(r);
    saved.assignNumber();
    requests.saveAndFlush(saved);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
