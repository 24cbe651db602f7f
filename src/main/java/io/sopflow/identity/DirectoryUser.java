package io.sopflow.identity;

/** A person as the identity store knows them. {@code managerId} is the line manager's user id, if any. */
public record DirectoryUser(String id, String firstName, String lastName, String email, String managerId) {

  public String displayName() {
    String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    return name.isEmpty() ? id : name;
  }
}
