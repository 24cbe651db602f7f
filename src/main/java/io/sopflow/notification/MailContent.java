package io.sopflow.notification;

import java.util.Objects;

/**
 * More than a plain-text mail: an HTML alternative of the body and one attachment (both optional), given by the SOP
 * that knows the record ({@link NotificationModelContributor#content}). Stored with the notification, so the outbox
 * mails exactly what was recorded with the step.
 */
public record MailContent(String html, String attachmentName, String attachmentType, String attachment) {

  public MailContent {
    if (attachment != null) {
      Objects.requireNonNull(attachmentName, "attachmentName");
      Objects.requireNonNull(attachmentType, "attachmentType");
      if (!attachmentName.matches("[A-Za-z0-9._-]{1,200}")) {
        throw new IllegalArgumentException("Invalid attachment name: " + attachmentName);
      }
    }
  }
}
