package io.sopflow.change;

/**
 * What the form of a change task shows, read from the record when the task is created: the process carries only
 * references and decisions. {@code conflicts} is text for a text area ("None" when there are none).
 */
public record ChangeTaskView(String number, String title, RiskLevel risk, String requester, String implementer,
    String conflicts, String freezeWindow, String reviewerComment, String implementationOutcome) {}
