package io.sopflow.notification;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface NotificationRepository extends JpaRepository<Notification, Long> {

  boolean existsByDedupeKey(String dedupeKey);

  List<Notification> findByReferenceOrderByIdAsc(String reference);
}
