package io.sopflow.notification;

/** SMTP refused or was unreachable: a technical failure, retried by the job executor. */
public class NotificationFailedException extends RuntimeException {

  public NotificationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
