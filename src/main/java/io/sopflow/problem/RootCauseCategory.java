package io.sopflow.problem;

/** The category of a root cause, as the investigation form offers it. */
public enum RootCauseCategory {
  HARDWARE, SOFTWARE, CONFIGURATION, CAPACITY, NETWORK, THIRD_PARTY, PROCESS, HUMAN_ERROR, UNKNOWN
}
