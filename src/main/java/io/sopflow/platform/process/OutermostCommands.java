package io.sopflow.platform.process;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * A command interceptor that shows a guard the command a caller sent (the outermost of the thread), never the commands
 * run inside it (SOPFlow's listeners and delegates, the engine's own): the guard may refuse it by throwing, or name the
 * command to run in its place. Added with {@link EngineExtensions#addPostCommandInterceptor}, so it runs inside the
 * command's context (its authentication), before the command changes anything.
 */
final class OutermostCommands extends CommandInterceptor {

  /** What a guard does with the command a caller sent: returns it (or the command to run instead), or throws. */
  @FunctionalInterface
  interface Guard {
    Command<?> check(Command<?> command, CommandContext context);
  }

  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
  private final Guard guard;

  OutermostCommands(Guard guard) {
    this.guard = guard;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T execute(Command<T> command) {
    int[] level = depth.get();
    level[0]++;
    try {
      Command<T> checked = level[0] == 1 ? (Command<T>) guard.check(command, Context.getCommandContext()) : command;
      return next.execute(checked);
    } finally {
      level[0]--;
    }
  }
}
