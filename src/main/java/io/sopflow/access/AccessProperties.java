package io.sopflow.access;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access provisioning rules.
 *
 * <pre>
 * sopflow.access.sod-conflicts[0]=finance,change-advisory-board
 * sopflow.access.expiry-reminder-before=P7D
 * </pre>
 *
 * A segregation-of-duties conflict is a pair of resource keys nobody may hold together without an exception granted by
 * the security officers.
 */
@Validated
@ConfigurationProperties("sopflow.access")
public record AccessProperties(List<List<String>> sodConflicts, @DefaultValue("P7D") @NotNull Duration expiryReminderBefore) {

  public AccessProperties {
    sodConflicts = sodConflicts == null ? List.of() : sodConflicts.stream().map(List::copyOf).toList();
    for (List<String> pair : sodConflicts) {
      if (pair.size() != 2 || pair.stream().anyMatch(k -> k == null || k.isBlank()) || pair.get(0).equals(pair.get(1))) {
        throw new IllegalArgumentException("sopflow.access.sod-conflicts: each entry must be two different resource "
            + "keys, e.g. finance,change-advisory-board; got " + pair);
      }
    }
    if (expiryReminderBefore == null || expiryReminderBefore.isNegative() || expiryReminderBefore.isZero()) {
      throw new IllegalArgumentException("sopflow.access.expiry-reminder-before must be a positive duration");
    }
  }

  /** The resources that may not be held together with {@code resourceKey}. */
  public List<String> conflictsOf(String resourceKey) {
    return sodConflicts.stream()
        .filter(pair -> pair.contains(resourceKey))
        .map(pair -> pair.get(0).equals(resourceKey) ? pair.get(1) : pair.get(0))
        .distinct()
        .toList();
  }
}
