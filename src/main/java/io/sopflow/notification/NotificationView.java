package io.sopflow.notification;

import java.time.Instant;

/**
 * A notification as {@code GET /api/notifications} shows it: what was told to whom (and which people named were left
 * out, and why: {@code leftOut}), and how far delivery got. The
 * outbox's own bookkeeping (which node holds the row and until when, the key that keeps a step from recording it
 * twice) and an attachment's content stay out: the attachment is named, its content is in the mail.
 */
record NotificationView(Long id, String reference, String template, String recipients, String subject, String body,
    Notification.Status status, Instant createdAt, Instant sentAt, int attempts, Instant nextAttemptAt,
    String lastError, String taskDefinitionKey, String processInstanceId, String attachmentName,
    String attachmentType, String leftOut) {

  static NotificationView of(Notification n) {
    return new NotificationView(n.getId(), n.getReference(), n.getTemplate(), n.getRecipients(), n.getSubject(),
        n.getBody(), n.getStatus(), n.getCreatedAt(), n.getSentAt(), n.getAttempts(), n.getNextAttemptAt(),
        n.getLastError(), n.getTaskDefinitionKey(), n.getProcessInstanceId(), n.getAttachmentName(),
        n.getAttachmentType(), n.getLeftOut());
  }
}
