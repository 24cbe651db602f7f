package io.sopflow.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Spring's scheduler, for housekeeping that must not run inside a request or an engine job (sealing the audit chain).
 * Work that belongs to an SOP is a BPMN timer instead, so that Cockpit shows it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {
}
