package io.sopflow.identity;

/**
 * A person as the identity store knows them: who they are and where mail reaches them. The line manager is not part
 * of it ({@link Directory#managerOf}): reading it for every member of a group cost a query per person on every mail.
 */
public record DirectoryUser(String id, String firstName, String lastName, String email) {

  public String displayName() {
    String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    return name.isEmpty() ? id : name;
  }
}
