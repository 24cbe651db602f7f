package io.sopflow.access;

/** Somebody tried to decide on a request they requested or would benefit from. */
public class SelfApprovalException extends RuntimeException {

  public SelfApprovalException(String message) {
    super(message);
  }
}
