/**
 * How every SOP loads its records by business number ({@link io.sopflow.persistence.RecordsByNumber}) and holds a
 * record it has loaded until its transaction ends ({@link io.sopflow.persistence.RecordLocks}): shared by the SOPs,
 * knows none of them.
 */
package io.sopflow.persistence;
