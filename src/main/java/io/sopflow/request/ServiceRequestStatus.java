package io.sopflow.request;

/** Where a service request stands. */
public enum ServiceRequestStatus {
  /** Saved, its item needs no approval: fulfilment starts at once. */
  SUBMITTED,
  MANAGER_APPROVAL,
  OWNER_APPROVAL,
  /** Every approval the item needs is given: fulfilment starts. */
  APPROVED,
  /** The fulfilment group works on it, or the access SOP provisions the access it grants. */
  IN_FULFILMENT,
  /** Done; waits for the requester's confirmation and rating (or closes by itself). */
  FULFILLED,
  CLOSED,
  REJECTED
}
