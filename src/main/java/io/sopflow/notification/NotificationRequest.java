package io.sopflow.notification;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A notification to record for delivery. {@code dedupeKey} identifies this one notification (the activity instance
 * of the service task that records it) and becomes the mail's Message-ID: recording it twice records it once.
 * {@code model} is merged over what the SOP contributes for the reference ({@link NotificationModelContributor}).
 * {@code processInstanceId} and {@code taskDefinitionKey} (both optional) name the waiting task the mail links to
 * when the model has no {@code taskLink} yet; the link is then found when the mail is sent.
 */
public record NotificationRequest(String dedupeKey, String template, String reference, List<String> recipientUsers,
    List<String> recipientGroups, Map<String, Object> model, String processInstanceId, String taskDefinitionKey) {

  public NotificationRequest {
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(reference, "reference");
    recipientUsers = recipientUsers == null ? List.of() : List.copyOf(recipientUsers);
    recipientGroups = recipientGroups == null ? List.of() : List.copyOf(recipientGroups);
    model = model == null ? Map.of() : Map.copyOf(model);
  }

  /** A notification that links to no particular task. */
  public NotificationRequest(String dedupeKey, String template, String reference, List<String> recipientUsers,
      List<String> recipientGroups, Map<String, Object> model) {
    this(dedupeKey, template, reference, recipientUsers, recipientGroups, model, null, null);
  }
}
