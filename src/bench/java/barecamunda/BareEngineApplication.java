package barecamunda;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The baseline of the benchmarks: the same Spring Boot 3.5 + Camunda 7.24 starters (REST and webapps) on the same
 * classpath as SOPFlow, but none of SOPFlow's code (this package only is scanned; SOPFlow's classes are not even on this
 * JVM's classpath). The engine creates its own schema; HTTP Basic on {@code /engine-rest} is Camunda's own
 * {@link ProcessEngineAuthenticationFilter} against the same identity store, with authorization checks on.
 *
 * <p>Lives outside {@code io.sopflow} so that SOPFlow's component scan never sees it. Started by the benchmark harness
 * with {@code --spring.config.name=bare-engine}.
 */
@SpringBootApplication(exclude = {SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
    UserDetailsServiceAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
    LiquibaseAutoConfiguration.class})
public class BareEngineApplication {

  public static void main(String[] args) {
    SpringApplication.run(BareEngineApplication.class, args);
  }

  @Bean
  FilterRegistrationBean<Filter> engineRestAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>();
    registration.setName("camunda-auth");
    registration.setFilter(new ProcessEngineAuthenticationFilter());
    registration.addInitParameter("authentication-provider",
        "org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider");
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }
}
