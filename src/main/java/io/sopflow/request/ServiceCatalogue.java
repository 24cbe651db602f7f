package io.sopflow.request;

import io.sopflow.access.AccessCatalogue;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.request.ServiceCatalogueItem.ItemSettings;
import io.sopflow.request.ServiceRequestApi.CatalogueItemInput;
import io.sopflow.request.ServiceRequestApi.CatalogueItemView;
import io.sopflow.sla.SlaClock;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service catalogue: what may be requested and how each item is approved and fulfilled. Kept in the database
 * ({@code service_catalogue_item}); every signed-in user reads it, process owners and admins change it, audited. The
 * demo profile seeds five items ({@link DemoServiceCatalogue}).
 */
@Service
@Transactional
public class ServiceCatalogue {

  static final String SUBJECT = "ServiceCatalogueItem";
  static final String DEFAULT_CALENDAR = "business-hours";
  private static final Set<String> EDITORS = Set.of(Groups.PROCESS_OWNERS, Groups.ADMINS);

  /** The longest fulfilment target an item may promise: a year. */
  static final Duration MAX_TARGET = Duration.ofDays(365);

  private final ServiceCatalogueRepository items;
  private final AccessCatalogue accessCatalogue;
  private final Directory directory;
  private final SlaClock slaClock;
  private final CurrentUser currentUser;
  private final AuditTrail audit;
  private final Clock clock;

  ServiceCatalogue(ServiceCatalogueRepository items, AccessCatalogue accessCatalogue, Directory directory,
      SlaClock slaClock, CurrentUser currentUser, AuditTrail audit, Clock clock) {
    this.items = items;
    this.accessCatalogue = accessCatalogue;
    this.directory = directory;
    this.slaClock = slaClock;
    this.currentUser = currentUser;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public List<CatalogueItemView> list() {
    return items.findAllByOrderByItemKeyAsc().stream().map(CatalogueItemView::of).toList();
  }

  @Transactional(readOnly = true)
  public CatalogueItemView get(String key) {
    return CatalogueItemView.of(items.findByItemKey(key)
        .orElseThrow(() -> new RecordNotFoundException("Service catalogue item", key)));
  }

  public CatalogueItemView create(CatalogueItemInput input) {
    String by = requireEditor();
    String key = input.key();
    if (key == null || !key.matches(ServiceRequestApi.ITEM_KEY)) {
      throw new InvalidRequestException("key", "must match " + ServiceRequestApi.ITEM_KEY);
    }
    ItemSettings settings = checked(input);
    if (items.existsByItemKey(key)) {
      throw new ConflictException("Service catalogue item " + key + " already exists");
    }
    ServiceCatalogueItem item = items.save(new ServiceCatalogueItem(key, settings, by, clock.instant()));
    audit.record(AuditEvent.of(by, "CREATED", SUBJECT, key, describe(item)));
    return CatalogueItemView.of(item);
  }

  public CatalogueItemView update(String key, CatalogueItemInput input) {
    String by = requireEditor();
    ServiceCatalogueItem item = items.findByItemKey(key)
        .orElseThrow(() -> new RecordNotFoundException("Service catalogue item", key));
    if (input.key() != null && !input.key().equals(key)) {
      throw new InvalidRequestException("key", "cannot be changed");
    }
    item.update(checked(input), by, clock.instant());
    audit.record(AuditEvent.of(by, "UPDATED", SUBJECT, key, describe(item)));
    return CatalogueItemView.of(item);
  }

  /** The demo catalogue: adds what is missing, leaves what exists (a process owner may have changed it). */
  void seedIfMissing(String key, CatalogueItemInput input) {
    if (!items.existsByItemKey(key)) {
      ServiceCatalogueItem item = items.save(new ServiceCatalogueItem(key, checked(input), AuditEvent.SYSTEM,
          clock.instant()));
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CREATED", SUBJECT, key, describe(item)));
    }
  }

  Optional<ServiceCatalogueItem> find(String key) {
    return key == null ? Optional.empty() : items.findByItemKey(key);
  }

  private String requireEditor() {
    String by = currentUser.require();
    if (currentUser.groups().stream().noneMatch(EDITORS::contains)) {
      throw new ForbiddenException("Only process owners and admins change the service catalogue");
    }
    return by;
  }

  private ItemSettings checked(CatalogueItemInput in) {
    if (!directory.groupExists(in.ownerGroup())) {
      throw new InvalidRequestException("ownerGroup", "is not a known group");
    }
    if (!directory.groupExists(in.fulfilmentGroup())) {
      throw new InvalidRequestException("fulfilmentGroup", "is not a known group");
    }
    Duration target;
    try {
      target = Duration.parse(in.fulfilmentTarget());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("fulfilmentTarget", "must be an ISO-8601 duration such as P3D or PT4H");
    }
    if (target.isNegative() || target.isZero()) {
      throw new InvalidRequestException("fulfilmentTarget", "must be positive");
    }
    String calendar = in.fulfilmentCalendar() == null || in.fulfilmentCalendar().isBlank() ? DEFAULT_CALENDAR
        : in.fulfilmentCalendar();
    if (!slaClock.calendarNames().contains(calendar)) {
      throw new InvalidRequestException("fulfilmentCalendar", "is not a configured calendar; known: "
          + slaClock.calendarNames());
    }
    if (target.compareTo(MAX_TARGET) > 0) {
      throw new InvalidRequestException("fulfilmentTarget", "may be at most " + MAX_TARGET.toDays() + " days");
    }
    try {
      slaClock.due(clock.instant(), target, calendar); // every request for the item computes it
    } catch (RuntimeException e) {
      throw new InvalidRequestException("fulfilmentTarget", "cannot be reached in calendar " + calendar + ": "
          + e.getMessage());
    }
    String access = in.accessResource() == null || in.accessResource().isBlank() ? null : in.accessResource();
    if (access != null) {
      try {
        accessCatalogue.get(access);
      } catch (RecordNotFoundException e) {
        throw new InvalidRequestException("accessResource", "is not a resource of the access catalogue");
      }
    }
    return new ItemSettings(in.name().strip(), in.description(), in.approval(), in.ownerGroup(), in.fulfilmentGroup(),
        target, calendar, in.requiredDetails() == null ? List.of() : List.copyOf(in.requiredDetails()),
        in.checklist() == null ? List.of() : in.checklist().stream().map(String::strip).toList(), access);
  }

  private static String describe(ServiceCatalogueItem i) {
    return "name=" + i.getName() + ", approval=" + i.getApproval() + ", owner=" + i.getOwnerGroup() + ", fulfilment="
        + i.getFulfilmentGroup() + " within " + i.getFulfilmentTarget() + " (" + i.getFulfilmentCalendar()
        + "), requiredDetails=" + i.getRequiredDetails() + ", checklist=" + i.getChecklist().size()
        + " item(s), accessResource=" + i.getAccessResource();
  }
}
