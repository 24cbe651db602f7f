package io.sopflow.request;

/** Who approves a catalogue item before it is fulfilled (DESIGN.md). */
public enum Approval {
  /** Fulfilled at once (an item that grants access is approved by the access SOP itself). */
  NONE,
  /** The line manager of the person it is for. */
  MANAGER,
  /** The line manager, then the item's owner group. */
  MANAGER_AND_OWNER
}
