package io.sopflow.report;

import io.sopflow.report.SlaReportApi.Row;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.web.util.HtmlUtils;

/**
 * The monthly report as HTML for mail: the figures per priority, compliance per priority and the MTTA/MTTR trend as
 * inline SVG drawn here (mail clients run no script and fetch no chart library), the reviewer's commentary.
 */
final class SlaReportHtml {

  private static final String RESPONSE = "#2f6db5";
  private static final String RESOLUTION = "#e0812b";

  private SlaReportHtml() {}

  static String render(String key, String month, List<Row> rows, List<Row> trend, String commentary,
      String actions, String reviewedBy) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>")
        .append(esc(key)).append("</title></head><body style=\"font-family:sans-serif\">")
        .append("<h1>SLA report ").append(esc(month)).append("</h1>")
        .append("<h2>Figures per priority</h2><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">")
        .append("<tr><th>Priority</th><th>Incidents</th><th>Responded</th><th>Resolved</th><th>MTTA (min)</th>")
        .append("<th>MTTR (min)</th><th>Response breaches</th><th>Resolution breaches</th>")
        .append("<th>Response compliance %</th><th>Resolution compliance %</th><th>Reopened</th></tr>");
    for (Row r : rows) {
      html.append("<tr><td>").append(esc(r.key())).append("</td><td>").append(r.count()).append("</td><td>")
          .append(r.responded()).append("</td><td>").append(r.resolved()).append("</td><td>").append(v(r.mttaMinutes()))
          .append("</td><td>").append(v(r.mttrMinutes())).append("</td><td>").append(r.responseBreaches())
          .append("</td><td>").append(r.resolutionBreaches()).append("</td><td>")
          .append(v(r.responseCompliancePercent())).append("</td><td>").append(v(r.resolutionCompliancePercent()))
          .append("</td><td>").append(r.reopened()).append("</td></tr>");
    }
    html.append("</table><h2>Compliance per priority</h2>")
        .append(bars(rows, Row::responseCompliancePercent, Row::resolutionCompliancePercent, 100, "%"))
        .append("<h2>MTTA and MTTR, last months (working minutes)</h2>")
        .append(bars(trend, Row::mttaMinutes, Row::mttrMinutes, 0, "min"))
        .append("<h2>Review</h2><p>").append(esc(commentary == null ? "" : commentary)).append("</p>")
        .append("<h3>Actions</h3><p>").append(esc(actions == null || actions.isBlank() ? "-" : actions))
        .append("</p><p>Reviewed by ").append(esc(reviewedBy == null ? "-" : reviewedBy)).append("</p>")
        .append("<p>The figures per priority are attached as CSV.</p></body></html>");
    return html.toString();
  }

  /** Two bars per row (blue: response/MTTA, orange: resolution/MTTR), scaled to {@code max} or the largest value. */
  static String bars(List<Row> rows, Function<Row, Double> first, Function<Row, Double> second, double max,
      String unit) {
    double top = max;
    for (Row r : rows) {
      top = Math.max(top, Math.max(val(first.apply(r)), val(second.apply(r))));
    }
    top = top == 0 ? 1 : top;
    int groupWidth = 90;
    int height = 160;
    int width = Math.max(200, rows.size() * groupWidth + 40);
    StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height + 60).append("\" role=\"img\">")
        .append("<line x1=\"30\" y1=\"").append(height + 10).append("\" x2=\"").append(width)
        .append("\" y2=\"").append(height + 10).append("\" stroke=\"#999\"/>");
    int x = 40;
    for (Row r : rows) {
      bar(svg, x, first.apply(r), top, height, RESPONSE, unit);
      bar(svg, x + 32, second.apply(r), top, height, RESOLUTION, unit);
      svg.append("<text x=\"").append(x + 30).append("\" y=\"").append(height + 28)
          .append("\" font-size=\"12\" text-anchor=\"middle\">").append(esc(r.key())).append("</text>");
      x += groupWidth;
    }
    svg.append("<rect x=\"40\" y=\"").append(height + 40).append("\" width=\"10\" height=\"10\" fill=\"")
        .append(RESPONSE).append("\"/><text x=\"55\" y=\"").append(height + 49)
        .append("\" font-size=\"11\">response</text><rect x=\"130\" y=\"").append(height + 40)
        .append("\" width=\"10\" height=\"10\" fill=\"").append(RESOLUTION).append("\"/><text x=\"145\" y=\"")
        .append(height + 49).append("\" font-size=\"11\">resolution</text></svg>");
    return svg.toString();
  }

  private static void bar(StringBuilder svg, int x, Double value, double top, int height, String color,
      String unit) {
    if (value == null) {
      return;
    }
    int h = (int) Math.round(value / top * height);
    svg.append("<rect x=\"").append(x).append("\" y=\"").append(height + 10 - h).append("\" width=\"28\" height=\"")
        .append(h).append("\" fill=\"").append(color).append("\"><title>").append(v(value)).append(' ').append(unit)
        .append("</title></rect><text x=\"").append(x + 14).append("\" y=\"").append(height + 6 - h)
        .append("\" font-size=\"10\" text-anchor=\"middle\">").append(v(value)).append("</text>");
  }

  private static double val(Double value) {
    return value == null ? 0 : value;
  }

  private static String v(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String esc(String text) {
    return HtmlUtils.htmlEscape(text);
  }
}
