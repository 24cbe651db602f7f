package io.sopflow.access;

/** The target system does not show a right that was just provisioned: retried, then a Cockpit incident. */
public class AccessNotVerifiedException extends RuntimeException {

  public AccessNotVerifiedException(String message) {
    super(message);
  }
}
