/**
 * What every SOP's process code shares: reading a task completion ({@link io.sopflow.platform.process.TaskForms}) and
 * answering a refusal in Tasklist and on {@code /engine-rest} ({@link io.sopflow.platform.process.EngineRefusals}).
 */
package io.sopflow.platform.process;
