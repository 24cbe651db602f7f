package io.sopflow.incident;

/**
 * The post-incident review of incident {@code number} asked for a problem (root-cause analysis): published in the
 * transaction that records the review, raised by the problem SOP as if {@code by} had raised it.
 */
public record ProblemRequested(String number, String by, String title, String description,
    String configurationItem) {}
