package io.sopflow.platform.process;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;

/**
 * The one way SOPFlow's engine plugins hook into the engine's configuration in {@code preInit}: each adds its parse
 * listener, deployer or command interceptor to what is already configured (by Camunda's starter or another plugin),
 * never replacing it.
 */
public final class EngineExtensions {

  private EngineExtensions() {
  }

  /** A parse listener that runs after the engine's own, on every model deployed from now on. */
  public static void addPostParseListener(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
    add(configuration, ProcessEngineConfigurationImpl::getCustomPostBPMNParseListeners,
        ProcessEngineConfigurationImpl::setCustomPostBPMNParseListeners, listener);
  }

  /** A deployer that runs before the engine's own (before any model is parsed), in every deployment's transaction. */
  public static void addPreDeployer(ProcessEngineConfigurationImpl configuration, Deployer deployer) {
    add(configuration, ProcessEngineConfigurationImpl::getCustomPreDeployers,
        ProcessEngineConfigurationImpl::setCustomPreDeployers, deployer);
  }

  /** A deployer that runs after the engine's own, in every deployment's transaction. */
  public static void addPostDeployer(ProcessEngineConfigurationImpl configuration, Deployer deployer) {
    add(configuration, ProcessEngineConfigurationImpl::getCustomPostDeployers,
        ProcessEngineConfigurationImpl::setCustomPostDeployers, deployer);
  }

  /**
   * A command interceptor that runs around every command of the engine's (transaction-required) command executor, the
   * one behind its services, after the engine's own: inside the command's transaction and command context
   * ({@code Context.getCommandContext()}, its authentication), before the command itself. Nested commands (a service
   * called from a listener) pass it too.
   */
  public static void addPostCommandInterceptor(ProcessEngineConfigurationImpl configuration,
      CommandInterceptor interceptor) {
    add(configuration, ProcessEngineConfigurationImpl::getCustomPostCommandInterceptorsTxRequired,
        ProcessEngineConfigurationImpl::setCustomPostCommandInterceptorsTxRequired, interceptor);
  }

  private static <T> void add(ProcessEngineConfigurationImpl configuration,
      Function<ProcessEngineConfigurationImpl, List<T>> get, BiConsumer<ProcessEngineConfigurationImpl, List<T>> set,
      T extension) {
    List<T> configured = get.apply(configuration);
    List<T> extended = configured == null ? new ArrayList<>() : new ArrayList<>(configured);
    extended.add(extension);
    set.accept(configuration, extended);
  }
}
