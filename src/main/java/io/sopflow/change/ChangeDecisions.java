package io.sopflow.change;

/** The decision values of the approval forms (select options); a public contract with the forms. */
public final class ChangeDecisions {

  public static final String APPROVE = "APPROVE";
  public static final String REJECT = "REJECT";
  public static final String MORE_INFO = "MORE_INFO";

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  private ChangeDecisions() {}
}
