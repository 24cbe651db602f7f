package io.sopflow.platform;

import java.util.Arrays;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * The engine runs with {@code schema-update=false}: its tables are created by Liquibase (Camunda's own changelog).
 * Spring Boot orders JPA after Liquibase but knows nothing of the engine, so the engine configuration is made to
 * depend on the {@code liquibase} bean here; otherwise the engine may start on an empty schema and refuse to boot.
 */
@Component
class EngineSchemaOrdering implements BeanFactoryPostProcessor {

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (!beanFactory.containsBeanDefinition("liquibase")) {
      return;
    }
    for (String name : beanFactory.getBeanNamesForType(ProcessEngineConfigurationImpl.class, true, false)) {
      BeanDefinition definition = beanFactory.getBeanDefinition(name);
      String[] dependsOn = definition.getDependsOn() == null ? new String[0] : definition.getDependsOn();
      definition.setDependsOn(Stream.concat(Arrays.stream(dependsOn), Stream.of("liquibase")).distinct().toArray(String[]::new));
    }
  }
}
