package io.sopflow.change;

/**
 * Published in the transaction that ends a change's implementation: {@code IMPLEMENTED}, {@code FAILED}, or
 * {@code REJECTED} (it will never be implemented). {@code problemNumber} names the problem that raised the change, if
 * any (null otherwise).
 */
public record ChangeImplementationEnded(String changeNumber, ChangeStatus status, String problemNumber) {

  public boolean succeeded() {
    return status == ChangeStatus.IMPLEMENTED;
  }
}
