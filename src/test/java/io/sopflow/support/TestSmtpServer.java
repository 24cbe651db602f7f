package io.sopflow.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * One real SMTP server (GreenMail) for the whole test JVM, on a free port, so that test runs in parallel working
 * copies do not collide. Stopped when the JVM exits.
 */
public final class TestSmtpServer {

  private static GreenMail instance;

  private TestSmtpServer() {}

  public static synchronized GreenMail get() {
    if (instance == null) {
      instance = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
      instance.start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  public static int port() {
    return get().getSmtp().getPort();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
