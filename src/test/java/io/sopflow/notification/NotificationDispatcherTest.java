package io.sopflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

/** What the dispatcher sets up for Jakarta Mail before it builds its first message. */
class NotificationDispatcherTest {

  @Test
  void jakartaMailIsToldItsStreamProviderSoThatItDoesNotSearchTheClassPathForEveryMessage() throws Exception {
    Class.forName(NotificationDispatcher.class.getName(), true, getClass().getClassLoader());

    assertThat(System.getProperty(NotificationDispatcher.STREAM_PROVIDER_PROPERTY))
        .isEqualTo(MailStreamProvider.class.getName());
    assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
  }
}
