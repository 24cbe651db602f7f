package io.sopflow.support;

import org.camunda.bpm.spring.boot.starter.webapp.filter.LazyInitRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps the Camunda webapps of several Spring contexts in one test JVM apart. The starter initialises its webapp
 * filters from a JVM-wide static application context ({@link LazyInitRegistration}); a context that starts while that
 * static still points at another context (one cached by the test framework, or one whose start failed and so never
 * published the close event that clears it) gets its Tasklist and Cockpit filters wired to the other context, and its
 * webapp pages answer 500 once that context is gone — the order-dependent "Tasklist answers 500" of earlier full runs.
 * Clearing the static before each context starts makes every context wire its own filters, as in production, where
 * there is one context per JVM. Registered for every test application in {@code META-INF/spring.factories}.
 */
public class WebappFilterIsolation extends LazyInitRegistration
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext applicationContext) {
    APPLICATION_CONTEXT = null;
  }
}
