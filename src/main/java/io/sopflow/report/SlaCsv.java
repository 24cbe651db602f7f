package io.sopflow.report;

import io.sopflow.report.SlaReportApi.ReportRow;
import io.sopflow.report.SlaReportApi.Row;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report's CSV (RFC 4180): a header line of the JSON field names, then one line per row; numbers with a
 * {@code .}, empty where there is no figure. A key is quoted when it needs it, and a key that a spreadsheet would run
 * as a formula ({@code = + - @}) is prefixed with {@code '}.
 */
final class SlaCsv {

  private SlaCsv() {}

  static String write(List<Row> rows) {
    return write(Row.class, rows);
  }

  /** Any report's rows: the header is the row record's component names, each line their values in that order. */
  static String write(Class<? extends ReportRow> type, List<? extends ReportRow> rows) {
    RecordComponent[] columns = type.getRecordComponents();
    StringBuilder out = new StringBuilder(Arrays.stream(columns).map(RecordComponent::getName)
        .collect(Collectors.joining(","))).append("\r\n");
    for (ReportRow r : rows) {
      List<String> fields = new ArrayList<>();
      for (RecordComponent column : columns) {
        fields.add(value(column, r));
      }
      out.append(String.join(",", fields)).append("\r\n");
    }
    return out.toString();
  }

  /** The rows back from a CSV this class wrote (the compiled report, for its mail). */
  static List<Row> read(String csv) {
    List<Row> rows = new ArrayList<>();
    if (csv == null) {
      return rows;
    }
    String[] lines = csv.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",", -1);
      String key = f[0].startsWith("\"") ? f[0].substring(1, f[0].length() - 1).replace("\"\"", "\"") : f[0];
      rows.add(new Row(key, l(f[1]), l(f[2]), l(f[3]), dd(f[4]), dd(f[5]), l(f[6]), l(f[7]), dd(f[8]), dd(f[9]),
          l(f[10]), dd(f[11]), l(f[12])));
    }
    return rows;
  }

  static String field(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static String value(RecordComponent column, ReportRow row) {
    Object value;
    try {
      value = column.getAccessor().invoke(row);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read " + column.getName() + " of a report row", e);
    }
    return value instanceof String text ? field(text) : value == null ? "" : value.toString();
  }

  private static long l(String value) {
    return Long.parseLong(value);
  }

  private static Double dd(String value) {
    return value.isEmpty() ? null : Double.valueOf(value);
  }
}
