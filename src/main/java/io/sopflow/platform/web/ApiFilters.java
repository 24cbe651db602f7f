package io.sopflow.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.filter.OrderedFormContentFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API filters that run before Spring Security (order {@value SecurityProperties#DEFAULT_FILTER_ORDER}): first the
 * database-outage guard (outermost, so it also sees failures of the password check), then the request limits. Both
 * are placed before where Spring's form-content filter would run ({@link OrderedFormContentFilter#DEFAULT_ORDER}),
 * which read the body of a {@code PUT}, {@code PATCH} or {@code DELETE} sent as a form into parameters, so that the
 * limits saw no body; the filter is off ({@code spring.mvc.formcontent.filter.enabled}), as it read such bodies of any
 * length on every path before authentication.
 */
@Configuration
class ApiFilters {

  @Bean
  FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ObjectMapper objectMapper) {
    var registration = new FilterRegistrationBean<>(new DatabaseUnavailableFilter(objectMapper));
    registration.addUrlPatterns("/api/*", "/engine-rest/*", "/actuator/*");
    registration.setOrder(OrderedFormContentFilter.DEFAULT_ORDER - 20);
    return registration;
  }

  @Bean
  FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(ObjectMapper objectMapper, ApiLimitsProperties limits) {
    var registration = new FilterRegistrationBean<>(new RequestLimitsFilter(objectMapper, limits));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(OrderedFormContentFilter.DEFAULT_ORDER - 10);
    return registration;
  }
}
