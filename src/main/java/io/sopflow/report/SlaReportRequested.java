package io.sopflow.report;

/** A month's report was stored: its process starts in the same transaction. */
public record SlaReportRequested(String reportKey, String month) {}
