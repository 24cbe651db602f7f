package io.sopflow.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dates in {@code /api} request bodies must lie in the years {@value #MIN_YEAR}-{@value #MAX_YEAR}: a valid ISO-8601
 * date such as {@code +999999999-12-31T23:59:59Z} otherwise reaches the SOPs' date arithmetic (500) or MySQL's
 * DATETIME (which ends at 9999). Refused while the body is read, so the 400 names the field.
 */
@Configuration
class DateRangeModule {

  static final int MIN_YEAR = 1900;
  static final int MAX_YEAR = 9999;
  private static final Set<Class<?>> DATE_TYPES = Set.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class,
      LocalDate.class, LocalDateTime.class);

  @Bean
  Module sopflowDateRangeModule() {
    SimpleModule module = new SimpleModule("sopflow-date-range");
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
          JsonDeserializer<?> deserializer) {
        return DATE_TYPES.contains(description.getBeanClass()) ? new RangeChecked(deserializer) : deserializer;
      }
    });
    return module;
  }

  static int yearOf(Object value) {
    if (value instanceof Instant instant) {
      return instant.atOffset(ZoneOffset.UTC).getYear();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.getYear();
    }
    if (value instanceof ZonedDateTime zoned) {
      return zoned.getYear();
    }
    if (value instanceof LocalDate date) {
      return date.getYear();
    }
    if (value instanceof LocalDateTime dateTime) {
      return dateTime.getYear();
    }
    return MIN_YEAR;
  }

  static final class RangeChecked extends DelegatingDeserializer {

    RangeChecked(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new RangeChecked(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object value = super.deserialize(p, ctxt);
      if (value != null) {
        int year = yearOf(value);
        if (year < MIN_YEAR || year > MAX_YEAR) {
          throw InvalidFormatException.from(p, "must be between the years " + MIN_YEAR + " and " + MAX_YEAR,
              p.getText(), handledType());
        }
      }
      return value;
    }
  }
}
