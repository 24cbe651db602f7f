package io.sopflow.domain;

/**
 * A well-formed request about one field that the current state refuses (e.g. a release for a change that is not
 * approved): 422 problem+json naming the field. Nothing is changed.
 */
public class UnprocessableRequestException extends InvalidRequestException {

  public UnprocessableRequestException(String field, String message) {
    super(field, message);
  }

  @Override
  public int status() {
    return 422;
  }
}
