package io.sopflow.command.process;

import io.sopflow.command.CommandRunner;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Runs a configured command (element template "Run a configured command",
 * {@code processes/.camunda/element-templates/run-command.json}): input parameter {@code command} names an entry of
 * {@code sopflow.commands}; its output goes to the variable named by {@code resultVariable}, if set. The template
 * makes the task {@code asyncBefore} with a retry cycle: a failure becomes retries, then a Cockpit incident.
 */
@Component("runCommandDelegate")
public class RunCommandDelegate implements JavaDelegate {

  private final CommandRunner runner;

  public RunCommandDelegate(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String output = runner.run(String.valueOf(execution.getVariableLocal("command")), execution.getProcessBusinessKey());
    Object resultVariable = execution.getVariableLocal("resultVariable");
    if (resultVariable != null && !String.valueOf(resultVariable).isBlank()) {
      execution.setVariable(String.valueOf(resultVariable), output);
    }
  }
}
