package io.sopflow.notification;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What SOPFlow told whom about a record, and how far delivery got: PENDING (waiting for its first or next attempt,
 * with {@code attempts}, {@code lastError} and {@code nextAttemptAt}), SENT, FAILED (given up) or RECORDED (no SMTP
 * server set).
 */
@RestController
@RequestMapping("/api/notifications")
@PreAuthorize("hasAnyAuthority('GROUP_managers', 'GROUP_camunda-admin')")
class NotificationController {

  private final NotificationService notificationService;

  NotificationController(NotificationService notificationService) {
    this.notificationService = notificationService;
  }

  /** The notifications about one record, oldest first, a page at a time (a record with a long life has many). */
  @GetMapping
  RecordPage<NotificationView> forReference(@RequestParam String reference,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return notificationService.forReference(reference, PageQuery.of(page, size));
  }
}
