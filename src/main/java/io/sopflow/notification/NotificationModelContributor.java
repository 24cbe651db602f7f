package io.sopflow.notification;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Each SOP contributes what its mail templates may show about a record ({@code title}, {@code priority}, ...), so that
 * process variables need only carry the business key. Implemented by the SOPs' services.
 *
 * <p>A value that costs a query of its own (a work log, an escalation history, a child collection) goes in as
 * {@link #lazy}: it is read only when the template being rendered shows it, so an acknowledgement does not load the
 * record's whole history.
 */
public interface NotificationModelContributor {

  /** Whether this contributor knows the record, usually by the business key's prefix ({@code INC-}). */
  boolean supports(String reference);

  Map<String, Object> model(String reference);

  /**
   * A model value computed the first time a template asks for it, and kept for the rest of the rendering (values
   * derived from one query share one {@code lazy}).
   */
  static <T> Supplier<T> lazy(Supplier<T> value) {
    return new Supplier<>() {
      private boolean asked;
      private T result;

      @Override
      public T get() {
        if (!asked) {
          result = value.get();
          asked = true;
        }
        return result;
      }
    };
  }

  /** An HTML part and an attachment for the mail of {@code template} about the record; none by default. */
  default Optional<MailContent> content(String reference, String template) {
    return Optional.empty();
  }
}
