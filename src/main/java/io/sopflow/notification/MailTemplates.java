package io.sopflow.notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Plain-text mail templates under {@code templates/mail/<name>.txt}: the first line is the subject, the rest the body,
 * {@code {{name}}} is replaced by the model's value (a missing value renders as an empty string, never as an error).
 * A value that is a {@link Supplier} ({@link NotificationModelContributor#lazy}) is asked only where the template
 * shows it.
 */
@Component
class MailTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.]+)\\s*}}");

  record Rendered(String subject, String body) {}

  private final Map<String, String> cache = new ConcurrentHashMap<>();

  Rendered render(String template, Map<String, Object> model) {
    String source = cache.computeIfAbsent(template, MailTemplates::load);
    String text = fill(source, model);
    int newline = text.indexOf('\n');
    if (newline < 0) {
      return new Rendered(text.strip(), "");
    }
    return new Rendered(text.substring(0, newline).strip(), text.substring(newline + 1).strip() + "\n");
  }

  static String fill(String source, Map<String, Object> model) {
    Matcher matcher = PLACEHOLDER.matcher(source);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = model.get(matcher.group(1));
      if (value instanceof Supplier<?> lazy) {
        value = lazy.get();
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.toString()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String load(String template) {
    if (!template.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("Invalid mail template name: " + template);
    }
    ClassPathResource resource = new ClassPathResource("templates/mail/" + template + ".txt");
    try (InputStream in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("Unknown mail template: " + template, e);
    }
  }
}
