package io.sopflow.request;

/** Published when a service request was stored; the process starter begins its process in the same transaction. */
public record ServiceRequested(String number) {}
