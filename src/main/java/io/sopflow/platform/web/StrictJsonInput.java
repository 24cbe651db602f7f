package io.sopflow.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.UUID;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies of {@code /api}, hardened in one place for every endpoint (the application's {@code ObjectMapper},
 * which Spring MVC reads request bodies with). Each refusal is a 400 naming the field:
 *
 * <ul>
 *   <li>a key given twice ({@code {"impact":"LOW","impact":{...}}}): which one would count is up to the parser, and
 *       a check made on one value could be bypassed with the other;
 *   <li>control characters (NUL and the rest of C0/C1, DEL) anywhere in a value; free text may hold tab, line feed and
 *       carriage return, values that are not free text (enums, dates, numbers) none at all. Jackson's own enum, date and
 *       number parsing trims control characters away, so {@code "HIGH\u0000"} would otherwise be stored as HIGH;
 *   <li>a lone UTF-16 surrogate ({@code "\ud800"}), which no database column can store (it becomes {@code ?});
 *   <li>an empty string for a date, number, enum or boolean, which Jackson would otherwise take as "not given"
 *       ({@code null}) and so turn a mistake into a default.
 * </ul>
 */
@Configuration
class StrictJsonInput {

  @Bean
  Module sopflowStrictTextModule() {
    SimpleModule module = new SimpleModule("sopflow-strict-text");
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
          JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        if (type == String.class) {
          return new TextChecked(deserializer, true);
        }
        return isScalar(type) ? new TextChecked(deserializer, false) : deserializer;
      }

      @Override
      public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
          BeanDescription description, JsonDeserializer<?> deserializer) {
        return new TextChecked(deserializer, false);
      }
    });
    return module;
  }

  @Bean
  Jackson2ObjectMapperBuilderCustomizer sopflowStrictJsonInput() {
    return builder -> builder
        .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .postConfigurer(mapper -> {
          for (LogicalType type : new LogicalType[] {LogicalType.Enum, LogicalType.DateTime, LogicalType.Integer,
              LogicalType.Float, LogicalType.Boolean, LogicalType.Collection, LogicalType.Array, LogicalType.Map,
              LogicalType.POJO}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
          }
        });
  }

  static boolean isScalar(Class<?> type) {
    return type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class
        || type == Character.class || type == UUID.class || type.getName().startsWith("java.time.");
  }

  /** Why a text value can never be valid, or {@code null} if it may be. */
  static String refusal(String text, boolean freeText) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "contains an unpaired surrogate (" + codePoint(c) + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "contains an unpaired surrogate (" + codePoint(c) + ")";
      }
      if (Character.getType(c) == Character.CONTROL && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
        return "contains a control character (" + codePoint(c) + ")";
      }
    }
    return null;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  /** Checks the text of a string token before the wrapped deserializer reads (and perhaps trims) it. */
  static final class TextChecked extends DelegatingDeserializer {

    private final boolean freeText;

    TextChecked(JsonDeserializer<?> delegate, boolean freeText) {
      super(delegate);
      this.freeText = freeText;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new TextChecked(newDelegatee, freeText);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        String text = p.getText();
        String refusal = refusal(text, freeText);
        if (refusal != null) {
          throw new RefusedText(p, refusal, text, handledType());
        }
      }
      return super.deserialize(p, ctxt);
    }
  }

  /** A text value refused by {@link #refusal}; {@link ProblemHandler} shows {@link #reason()} as the message. */
  static final class RefusedText extends InvalidFormatException {

    private final String reason;

    RefusedText(JsonParser p, String reason, String value, Class<?> targetType) {
      super(p, reason, value, targetType);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }
}
