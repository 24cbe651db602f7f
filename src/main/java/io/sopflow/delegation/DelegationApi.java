package io.sopflow.delegation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON of {@code /api/delegations}: field names are a public contract (DESIGN.md). */
public final class DelegationApi {

  private static final String USER_ID = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";

  private DelegationApi() {}

  /**
   * {@code POST /api/delegations}: {@code delegator} defaults to the caller; {@code from} to now; {@code groups} (a
   * scope) to every task offered to the delegator by name.
   */
  public record CreateDelegation(
      @Size(max = 64) @Pattern(regexp = USER_ID, message = "must be a user id") String delegator,
      @NotBlank @Size(max = 64) @Pattern(regexp = USER_ID, message = "must be a user id") String delegate,
      OffsetDateTime from,
      @NotNull OffsetDateTime until,
      @Size(max = 20) List<@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}",
          message = "must be a group id") String> groups) {}

  public record DelegationView(String key, String delegator, String delegate, Instant from, Instant until,
      List<String> groups, String status, String createdBy, Instant createdAt, Instant startedAt, Instant endedAt,
      String endedBy, String endReason) {

    static DelegationView of(Delegation d) {
      return new DelegationView(d.getDelegationKey(), d.getDelegator(), d.getDelegate(), d.getValidFrom(),
          d.getValidUntil(), d.getGroups(), d.getStatus().name(), d.getCreatedBy(), d.getCreatedAt(),
          d.getStartedAt(), d.getEndedAt(), d.getEndedBy(), d.getEndReason());
    }
  }
}
