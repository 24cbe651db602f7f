package io.sopflow.notification;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A notification to send. {@code dedupeKey} identifies this one notification (e.g. the activity instance of the
 * service task that sends it): a retried job never mails the same thing twice once it was committed.
 * {@code model} is merged over what the SOP contributes for the reference ({@link NotificationModelContributor}).
 */
public record NotificationRequest(String dedupeKey, String template, String reference, List<String> recipientUsers,
    List<String> recipientGroups, Map<String, Object> model) {

  public NotificationRequest {
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(reference, "reference");
    recipientUsers = recipientUsers == null ? List.of() : List.copyOf(recipientUsers);
    recipientGroups = recipientGroups == null ? List.of() : List.copyOf(recipientGroups);
    model = model == null ? Map.of() : Map.copyOf(model);
  }
}
