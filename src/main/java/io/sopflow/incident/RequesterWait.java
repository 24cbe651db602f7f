package io.sopflow.incident;

import java.time.Instant;

/**
 * The bounded wait for the reporter's answer: a reminder at {@code reminderAt}, and at {@code timeoutAt} the incident is
 * resolved without the answer ({@code sopflow.incident.requester-reminder-after}, {@code requester-timeout}).
 */
public record RequesterWait(Instant reminderAt, Instant timeoutAt) {}
