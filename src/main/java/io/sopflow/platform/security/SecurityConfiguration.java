package io.sopflow.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.identity.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Two doors. The APIs ({@code /api}, {@code /engine-rest}, {@code /actuator}, the API description and Swagger UI) are stateless HTTP Basic against
 * Camunda's identity store. The webapps ({@code /camunda}) keep Camunda's own session login and CSRF protection, so
 * Spring Security only adds its security headers there.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(HttpSecurity http, IdentityStoreAuthenticationProvider provider,
      IdentityService identityService, ObjectMapper objectMapper) throws Exception {
    ProblemResponses problems = new ProblemResponses(objectMapper);
    // Path patterns on the whole request path: /engine-rest is Jersey's servlet, not Spring MVC's.
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    // The API description (/v3/api-docs) and Swagger UI are for signed-in users, behind the same door as /api.
    http.securityMatcher(new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/engine-rest/**"),
            paths.matcher("/actuator/**"), paths.matcher("/v3/api-docs"), paths.matcher("/v3/api-docs/**"),
            paths.matcher("/swagger-ui.html"), paths.matcher("/swagger-ui/**")))
        .authenticationManager(new ProviderManager(provider))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.authenticationEntryPoint(problems))
        .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .authorizeHttpRequests(auth -> auth
            .requestMatchers(paths.matcher("/actuator/health"), paths.matcher("/actuator/health/**"),
                paths.matcher("/actuator/info")).permitAll()
            .requestMatchers(paths.matcher("/actuator/prometheus"))
                .hasAnyAuthority("GROUP_managers", "GROUP_camunda-admin", "GROUP_" + Groups.METRICS_READERS)
            .requestMatchers(paths.matcher("/actuator/**")).hasAnyAuthority("GROUP_managers", "GROUP_camunda-admin")
            .anyRequest().authenticated())
        .addFilterAfter(new EngineAuthenticationFilter(identityService), AuthorizationFilter.class);
    return http.build();
  }

  /** The throttle of wrong passwords for the webapps' sign-in form, before Camunda's filters see the request. */
  @Bean
  FilterRegistrationBean<WebappLoginThrottleFilter> webappLoginThrottleFilter(LoginThrottle throttle,
      ObjectMapper objectMapper, @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath) {
    var registration = new FilterRegistrationBean<>(new WebappLoginThrottleFilter(throttle, objectMapper));
    registration.addUrlPatterns(webappPath + "/api/admin/auth/user/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  @Bean
  @Order(2)
  SecurityFilterChain webappSecurity(HttpSecurity http) throws Exception {
    http.csrf(csrf -> csrf.disable()) // Camunda's webapps have their own CSRF prevention filter
        .headers(headers -> headers
            .frameOptions(frame -> frame.sameOrigin())
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
    return http.build();
  }
}
