/**
 * How every SOP loads its records by business number ({@link io.sopflow.persistence.RecordsByNumber}): shared by the
 * SOPs, knows none of them.
 */
package io.sopflow.persistence;
