package io.sopflow.notification;

import java.util.Map;
import java.util.Optional;

/**
 * Each SOP contributes what its mail templates may show about a record ({@code title}, {@code priority}, ...), so that
 * process variables need only carry the business key. Implemented by the SOPs' services.
 */
public interface NotificationModelContributor {

  /** Whether this contributor knows the record, usually by the business key's prefix ({@code INC-}). */
  boolean supports(String reference);

  Map<String, Object> model(String reference);

  /** An HTML part and an attachment for the mail of {@code template} about the record; none by default. */
  default Optional<MailContent> content(String reference, String template) {
    return Optional.empty();
  }
}
