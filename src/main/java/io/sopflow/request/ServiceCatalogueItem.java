package io.sopflow.request;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One item of the service catalogue: what may be requested, who approves it, who fulfils it within which target, the
 * details a request must give, the checklist the fulfilment group ticks and the access resource it grants (if any:
 * then the access SOP provisions it). Stored in the database; process owners and admins change it through the API.
 */
@Entity
@Table(name = "service_catalogue_item")
public class ServiceCatalogueItem {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "item_key", nullable = false, unique = true, length = 64)
  private String itemKey;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(length = 2000)
  private String description;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private Approval approval;

  @Column(name = "owner_group", nullable = false, length = 64)
  private String ownerGroup;

  @Column(name = "fulfilment_group", nullable = false, length = 64)
  private String fulfilmentGroup;

  @Column(name = "fulfilment_target", nullable = false, length = 32)
  private String fulfilmentTarget;

  @Column(name = "fulfilment_calendar", nullable = false, length = 64)
  private String fulfilmentCalendar;

  /** Detail fields a request must give, comma-separated. */
  @Column(name = "required_details", length = 1000)
  private String requiredDetails;

  /** The fulfilment checklist, one item per line. */
  @Column(length = 2000)
  private String checklist;

  @Column(name = "access_resource", length = 64)
  private String accessResource;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "updated_by", nullable = false, length = 64)
  private String updatedBy;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected ServiceCatalogueItem() {}

  ServiceCatalogueItem(String itemKey, ItemSettings settings, String by, Instant now) {
    this.itemKey = itemKey;
    apply(settings, by, now);
  }

  void update(ItemSettings settings, String by, Instant now) {
    apply(settings, by, now);
  }

  private void apply(ItemSettings s, String by, Instant now) {
    this.name = s.name();
    this.description = s.description();
    this.approval = s.approval();
    this.ownerGroup = s.ownerGroup();
    this.fulfilmentGroup = s.fulfilmentGroup();
    this.fulfilmentTarget = s.fulfilmentTarget().toString();
    this.fulfilmentCalendar = s.fulfilmentCalendar();
    this.requiredDetails = s.requiredDetails().isEmpty() ? null : String.join(",", s.requiredDetails());
    this.checklist = s.checklist().isEmpty() ? null : String.join("\n", s.checklist());
    this.accessResource = s.accessResource();
    this.updatedBy = by;
    this.updatedAt = now;
  }

  /** A catalogue item's settings, checked by the catalogue before they get here. */
  record ItemSettings(String name, String description, Approval approval, String ownerGroup, String fulfilmentGroup,
      Duration fulfilmentTarget, String fulfilmentCalendar, List<String> requiredDetails, List<String> checklist,
      String accessResource) {}

  public String getItemKey() {
    return itemKey;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public Approval getApproval() {
    return approval;
  }

  public String getOwnerGroup() {
    return ownerGroup;
  }

  public String getFulfilmentGroup() {
    return fulfilmentGroup;
  }

  public Duration getFulfilmentTarget() {
    return Duration.parse(fulfilmentTarget);
  }

  public String getFulfilmentCalendar() {
    return fulfilmentCalendar;
  }

  public List<String> getRequiredDetails() {
    return split(requiredDetails, ",");
  }

  public List<String> getChecklist() {
    return split(checklist, "\n");
  }

  public String getAccessResource() {
    return accessResource;
  }

  public boolean grantsAccess() {
    return accessResource != null;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public String getUpdatedBy() {
    return updatedBy;
  }

  private static List<String> split(String joined, String separator) {
    return joined == null || joined.isBlank() ? List.of()
        : Arrays.stream(joined.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
