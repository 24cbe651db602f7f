package io.sopflow.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Which SOP runs which process, found rather than listed: every SOP {@code io.sopflow.<sop>} has one constants class
 * named like its process key in {@code io.sopflow.<sop>.process} ({@code incident.process.IncidentEscalationProcess}),
 * so an SOP added later is known here without a change.
 */
@Component
public class SopProcesses {

  private static final Pattern CONSTANTS_CLASS = Pattern.compile(".*/io/sopflow/([a-z0-9]+)/process/([A-Za-z0-9]+Process)\\.class$");

  private final Map<String, String> sopByProcessKey;

  public SopProcesses() {
    this.sopByProcessKey = scan();
  }

  /** {@code incident} for {@code IncidentEscalationProcess}; the key itself for a process no SOP package declares. */
  public String sopOf(String processKey) {
    return sopByProcessKey.getOrDefault(processKey, processKey);
  }

  /** Process key to SOP, e.g. {@code IncidentEscalationProcess -> incident}. */
  public Map<String, String> sopByProcessKey() {
    return sopByProcessKey;
  }

  private static Map<String, String> scan() {
    Map<String, String> found = new TreeMap<>();
    try {
      for (Resource resource : new PathMatchingResourcePatternResolver()
          .getResources("classpath*:io/sopflow/*/process/*Process.class")) {
        Matcher m = CONSTANTS_CLASS.matcher(resource.getURL().toString());
        if (m.matches()) {
          found.put(m.group(2), m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the SOPs' process constants classes", e);
    }
    return Map.copyOf(found);
  }
}
