package io.sopflow.platform.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Refused without checking the password: this client failed too often for this account; answered 429. */
class LoginThrottledException extends AuthenticationException {

  private final Duration retryAfter;

  LoginThrottledException(Duration retryAfter) {
    super("Too many failed sign-ins for this account from your address");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds, rounded up, for the {@code Retry-After} header. */
  long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
