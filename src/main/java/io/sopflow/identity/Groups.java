package io.sopflow.identity;

import java.util.List;

/** The group ids of DESIGN.md: a public contract (candidate groups in the models, authorizations, tests). */
public final class Groups {

  public static final String SERVICE_DESK = "service-desk";
  public static final String SUPPORT_L2 = "support-l2";
  public static final String SUPPORT_L3 = "support-l3";
  public static final String INCIDENT_MANAGERS = "incident-managers";
  public static final String CHANGE_MANAGERS = "change-managers";
  public static final String CHANGE_ADVISORY_BOARD = "change-advisory-board";
  public static final String SECURITY_OFFICERS = "security-officers";
  public static final String RELEASE_MANAGERS = "release-managers";
  public static final String PROJECT_MANAGERS = "project-managers";
  public static final String FINANCE = "finance";
  public static final String PROCESS_OWNERS = "process-owners";
  public static final String MANAGERS = "managers";
  public static final String ADMINS = "camunda-admin";
  public static final String PROBLEM_MANAGERS = "problem-managers";
  /** Security incident SOP: notify the supervisory authority of a personal-data breach (GDPR Art. 33). */
  public static final String DATA_PROTECTION_OFFICERS = "data-protection-officers";

  public static final List<String> ALL = List.of(SERVICE_DESK, SUPPORT_L2, SUPPORT_L3, INCIDENT_MANAGERS,
      CHANGE_MANAGERS, CHANGE_ADVISORY_BOARD, SECURITY_OFFICERS, RELEASE_MANAGERS, PROJECT_MANAGERS, FINANCE,
      PROCESS_OWNERS, MANAGERS, ADMINS, PROBLEM_MANAGERS, DATA_PROTECTION_OFFICERS);

  /**
   * Not a working group (no Tasklist, no tasks): membership is the VPN right that the service catalogue's "VPN access"
   * item grants through the access SOP (issue 19).
   */
  public static final String VPN_USERS = "vpn-users";

  /**
   * Not a working group (no Tasklist, no tasks, no record): membership lets a monitoring account scrape
   * {@code /actuator/prometheus} and nothing more that a signed-in user could not do anyway.
   */
  public static final String METRICS_READERS = "metrics-readers";

  private Groups() {}
}
