package io.sopflow.closure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders the closure report: one self-contained, well-formed (also XML-parseable) HTML page a manager opens directly
 * in the browser. Everything that people typed is escaped.
 */
final class ClosureReport {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:60rem;\
      color:#1f2933;line-height:1.45}\
      h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #cbd2d9}\
      table{border-collapse:collapse;width:100%}th,td{border:1px solid #cbd2d9;padding:.35rem .5rem;\
      text-align:left;vertical-align:top}th{background:#f0f4f8}dt{font-weight:600}dd{margin:0 0 .6rem 0}\
      .ACCEPTED{color:#196c2e;font-weight:600}.OPEN,.PENDING{color:#ab091e;font-weight:600}\
      .num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#616e7c}""";

  private final StringBuilder html = new StringBuilder(8192);

  private ClosureReport() {}

  static String render(ProjectClosure c, List<ClosureTimeline.Entry> timeline, BigDecimal thresholdPercent,
      Instant generatedAt) {
    return new ClosureReport().page(c, timeline, thresholdPercent, generatedAt);
  }

  private String page(ProjectClosure c, List<ClosureTimeline.Entry> timeline, BigDecimal thresholdPercent,
      Instant generatedAt) {
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>Closure report ").append(esc(c.getKey())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    html.append("<h1>Closure report: ").append(esc(c.getName())).append("</h1>\n");
    html.append("<p class=\"muted\">").append(esc(c.getKey())).append(" &#183; generated ")
        .append(time(generatedAt)).append("</p>\n");
    html.append("<dl>\n");
    definition("Project code", c.getProjectCode());
    definition("Project manager", c.getProjectManager());
    definition("Sponsor", c.getSponsor());
    definition("Client contact", c.getClientContact());
    definition("Closure requested", c.getRequestedBy() + " at " + time(c.getRequestedAt()));
    html.append("</dl>\n");

    deliverables(c);
    signOff(c);
    lessons(c);
    finances(c, thresholdPercent);
    resources(c);
    timeline(timeline);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private void deliverables(ProjectClosure c) {
    html.append("<h2>Deliverables</h2>\n<table>\n<thead><tr><th>Deliverable</th><th>Acceptance criteria</th>")
        .append("<th>Result</th><th>Note</th><th>Verified by</th><th>Verified at</th><th>Rejections</th>")
        .append("<th>Why it was not accepted</th><th>Resolution</th></tr></thead>\n<tbody>\n");
    for (Deliverable d : c.getDeliverables()) {
      String result = ClosureView.DeliverableView.resultOf(d);
      html.append("<tr><td>").append(esc(d.getName())).append("</td><td>").append(text(d.getAcceptanceCriteria()))
          .append("</td><td class=\"").append(result).append("\">").append(result).append("</td><td>")
          .append(text(d.getVerificationNote())).append("</td><td>").append(esc(d.getVerifiedBy())).append("</td><td>")
          .append(time(d.getVerifiedAt())).append("</td><td class=\"num\">").append(d.getRejectionCount())
          .append("</td><td>").append(text(d.getRejectionNote())).append("</td><td>").append(text(d.getResolutionNote()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private void signOff(ProjectClosure c) {
    html.append("<h2>Sign-off</h2>\n<dl>\n");
    definition("Signed off by", c.getSignedOffActingFor() == null ? c.getSignedOffBy()
        : c.getSignedOffBy() + " acting for " + c.getSignedOffActingFor());
    definition("Signed off at", time(c.getSignedOffAt()));
    definition("Comment", c.getSignOffComment());
    definition("Refusals before sign-off", String.valueOf(c.getSignOffRefusals()));
    if (c.getSignOffRefusals() > 0) {
      definition("Last refusal", c.getLastRefusalBy() + ": " + c.getLastRefusalReason());
      definition("How it was addressed", c.getLastRefusalResponse());
    }
    if (c.getSignOffEscalatedAt() != null) {
      definition("Escalated to managers", time(c.getSignOffEscalatedAt()));
    }
    html.append("</dl>\n");
  }

  private void lessons(ProjectClosure c) {
    html.append("<h2>Lessons learned</h2>\n<dl>\n");
    definition("What went well", c.getLessonsWentWell());
    definition("What to improve", c.getLessonsToImprove());
    definition("Recommendations", c.getLessonsRecommendations());
    definition("Recorded by", c.getLessonsBy());
    html.append("</dl>\n");
  }

  private void finances(ProjectClosure c, BigDecimal thresholdPercent) {
    html.append("<h2>Finances</h2>\n<table>\n<tbody>\n");
    row("Budget", money(c.getBudget()));
    row("Actual cost", money(c.getActualCost()));
    row("Variance", signedMoney(c.variance()));
    row("Variance in percent", c.variancePercent().map(p -> signed(p) + " %").orElse("n/a (no budget)"));
    row("Explanation threshold", thresholdPercent.stripTrailingZeros().toPlainString() + " %");
    html.append("<tr><th>Variance explanation</th><td>").append(text(c.getVarianceExplanation())).append("</td></tr>\n");
    row("Closed by", c.getFinanceClosedBy() == null ? "" : c.getFinanceClosedBy() + " at "
        + time(c.getFinanceClosedAt()));
    html.append("</tbody>\n</table>\n");
  }

  private void resources(ProjectClosure c) {
    html.append("<h2>Project resources</h2>\n<ul>\n");
    check("Accounts closed", c.isAccountsClosed());
    check("Environments decommissioned", c.isEnvironmentsDecommissioned());
    check("Team released", c.isTeamReleased());
    html.append("</ul>\n");
    html.append("<p>Access grants revoked through the access SOP: ")
        .append(text(c.getReleasedAccess().isEmpty() ? "none" : String.join(", ", c.getReleasedAccess())))
        .append("</p>\n");
    if (c.getResourcesNote() != null) {
      html.append("<p>").append(text(c.getResourcesNote())).append("</p>\n");
    }
    if (c.getResourcesReleasedBy() != null) {
      html.append("<p class=\"muted\">Released by ").append(esc(c.getResourcesReleasedBy())).append(" at ")
          .append(time(c.getResourcesReleasedAt())).append("</p>\n");
    }
  }

  private void timeline(List<ClosureTimeline.Entry> timeline) {
    html.append("<h2>Timeline</h2>\n<table>\n<thead><tr><th>Step</th><th>Who</th><th>Started</th><th>Ended</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (ClosureTimeline.Entry e : timeline) {
      html.append("<tr><td>").append(esc(e.activity())).append("</td><td>").append(esc(e.who())).append("</td><td>")
          .append(time(e.started())).append("</td><td>").append(time(e.ended())).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private void definition(String term, String value) {
    html.append("<dt>").append(esc(term)).append("</dt><dd>").append(text(value)).append("</dd>\n");
  }

  private void row(String label, String value) {
    html.append("<tr><th>").append(esc(label)).append("</th><td class=\"num\">").append(esc(value))
        .append("</td></tr>\n");
  }

  private void check(String label, boolean done) {
    html.append("<li>").append(done ? "&#9745; " : "&#9744; ").append(esc(label)).append("</li>\n");
  }

  /** Escaped multi-line text: line breaks become {@code <br/>}; empty shows a dash. */
  private static String text(String value) {
    if (value == null || value.isBlank()) {
      return "&#8211;";
    }
    return esc(value.strip()).replace("\r\n", "\n").replace("\n", "<br/>");
  }

  static String esc(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // Control characters other than tab and line breaks are not allowed in (X)HTML.
          if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') {
            out.append(' ');
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.toString();
  }

  private static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }

  static String money(BigDecimal amount) {
    if (amount == null) {
      return "not entered yet";
    }
    return String.format(Locale.ROOT, "%,.2f", amount);
  }

  private static String signedMoney(BigDecimal amount) {
    if (amount == null) {
      return "not computed yet";
    }
    return (amount.signum() > 0 ? "+" : "") + money(amount);
  }

  private static String signed(BigDecimal percent) {
    return (percent.signum() > 0 ? "+" : "") + percent.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
  }
}
