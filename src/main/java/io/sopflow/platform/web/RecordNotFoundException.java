package io.sopflow.platform.web;

/** No such record, or one the caller may not see (they get the same 404 either way). */
public class RecordNotFoundException extends RuntimeException {

  public RecordNotFoundException(String type, String key) {
    super(type + " " + key + " not found");
  }
}
