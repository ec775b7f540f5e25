package io.trailscope.ingest;

import java.time.Instant;
import java.util.List;

/**
 * A load found, after its first chunk, events of months that have no partition yet. It cannot
 * create them while it holds a lock on the store; it is rolled back, the months are created, and
 * the object is loaded again.
 */
class MissingPartitionsException extends RuntimeException {

	private final List<Instant> months;

	MissingPartitionsException(List<Instant> months) {
		super("events of months without a partition: " + months);
		this.months = List.copyOf(months);
	}

	List<Instant> months() {
		return this.months;
	}
}
