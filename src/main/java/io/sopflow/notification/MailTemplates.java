package io.sopflow.notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /**
   * The template's first line, filled, is the subject, with any line break or run of spaces in a value made one space:
   * a value with a line break (a title is free text) would otherwise end the subject there and start the body with
   * its own text, ahead of SOPFlow's. The rest, filled, is the body.
   */
  Rendered render(String template, Map<String, Object> model) {
    String source = cache.computeIfAbsent(template, MailTemplates::load);
    Map<String, Optional<Object>> asked = new HashMap<>(); // a lazy value shown in subject and body is asked once
    Function<String, Object> values = name -> asked.computeIfAbsent(name, key -> {
      Object value = model.get(key);
      return Optional.ofNullable(value instanceof Supplier<?> lazy ? lazy.get() : value);
    }).orElse(null);
    int newline = source.indexOf('\n');
    String subject = fill(newline < 0 ? source : source.substring(0, newline), values).replaceAll("\\s+", " ").strip();
    return new Rendered(subject, newline < 0 ? "" : fill(source.substring(newline + 1), values).strip() + "\n");
  }

  private static String fill(String source, Function<String, Object> values) {
    Matcher matcher = PLACEHOLDER.matcher(source);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = values.apply(matcher.group(1));
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
