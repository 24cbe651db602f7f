package io.sopflow.closure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ClosureReportTest {

  private static final Instant NOW = Instant.parse("2030-02-01T12:30:00Z");

  @Test
  void rendersAWellFormedPageWithEverythingPeopleTypedEscaped() throws Exception {
    ProjectClosure closure = ProjectClosureTest.closure("100000");
    closure.verifyDeliverable(1L, false, "Missing \"rollback\" <section>", "pm", null, NOW);
    closure.verifyDeliverable(2L, true, null, "pm", null, NOW);
    closure.resolveOpenDeliverables("Added & reviewed");
    closure.verifyDeliverable(1L, true, "OK </td><script>x()</script>", "pm", null, NOW);
    closure.signOff("manager", null, "Fine\nthanks", NOW);
    closure.recordLessons("<b>bold</b>", "O'Brien's estimates", "none\u0007", "pm", NOW);
    closure.closeFinances(new BigDecimal("108000"), "Licences", new BigDecimal("5"), "fin", NOW);
    closure.releaseResources(true, true, true, null, "pm", NOW);

    String html = ClosureReport.render(closure, List.of(
        new ClosureTimeline.Entry("Sign off closure", "manager", NOW, NOW.plusSeconds(60)),
        new ClosureTimeline.Entry("Close project finances", "fin", NOW, null)), new BigDecimal("5"), NOW);

    Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    assertThat(page.getElementsByTagName("script").getLength()).isZero();
    assertThat(page.getElementsByTagName("b").getLength()).isZero();
    assertThat(page.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Closure report PRJ-APOLLO");
    assertThat(html).startsWith("<!DOCTYPE html>")
        .contains("Missing &quot;rollback&quot; &lt;section&gt;", "Added &amp; reviewed",
            "OK &lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;", "O&#39;Brien&#39;s",
            "Fine<br/>thanks")
        .contains("+8,000.00", "+8.00 %", "Licences", "2030-02-01 12:30 UTC", "Sign off closure")
        .doesNotContain("\u0007", "<link", "<img", "src=");
    assertThat(page.getElementsByTagName("tr").getLength()).as("rows of deliverables, finances, timeline")
        .isGreaterThanOrEqualTo(2 + 1 + 7 + 2 + 1);
  }
}
