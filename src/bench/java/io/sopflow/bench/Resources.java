package io.sopflow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class Resources {

  private Resources() {}

  static byte[] bytes(String classpathResource) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + classpathResource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
