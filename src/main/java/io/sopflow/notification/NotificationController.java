package io.sopflow.notification;

import java.util.List;
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

  @GetMapping
  List<NotificationView> forReference(@RequestParam String reference) {
    return notificationService.forReference(reference).stream().map(NotificationView::of).toList();
  }
}
