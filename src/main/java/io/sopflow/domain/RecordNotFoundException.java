package io.sopflow.domain;

/** No such record, or one the caller may not see (they get the same 404 either way). */
public final class RecordNotFoundException extends DomainException {

  public RecordNotFoundException(String type, String key) {
    super(type + " " + key + " not found");
  }

  @Override
  public int status() {
    return 404;
  }
}
