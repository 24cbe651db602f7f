package io.sopflow.sop;

import java.time.Instant;
import java.util.Optional;

/**
 * When an SOP is next due for its periodic review. Implemented by the periodic review feature; the catalogue shows no
 * date while no implementation is present.
 */
public interface ReviewDueDates {

  Optional<Instant> nextReviewDue(String processKey);
}
