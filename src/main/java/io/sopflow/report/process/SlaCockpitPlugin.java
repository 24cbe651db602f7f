package io.sopflow.report.process;

import java.util.Set;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * Cockpit plugin {@code sopflow-sla} (registered in {@code META-INF/services}): SLA compliance per priority by month,
 * the MTTA/MTTR trend and the open incidents at risk, on the dashboard and on the incident process's page. Its script
 * is {@code plugin-webapp/sopflow-sla/app/plugin.js}; its data come from {@link SlaCockpitResource}.
 */
public class SlaCockpitPlugin extends AbstractCockpitPlugin {

  public static final String ID = "sopflow-sla";

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Set<Class<?>> getResourceClasses() {
    return Set.of(SlaCockpitResource.class);
  }
}
