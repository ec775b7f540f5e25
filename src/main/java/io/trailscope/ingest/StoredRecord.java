package io.trailscope.ingest;

import java.time.Instant;

/**
 * A record as the event store holds it, with what identifies its row.
 *
 * @param position where the row stands in the order of {@code (event_time, seq)}
 * @param eventId the row's event ID
 * @param recipientAccountId the row's recipient account, empty if none
 * @param objectId the ledger id of the object that stored it, or null
 * @param record the stored record as JSON text
 */
record StoredRecord(Position position, String eventId, String recipientAccountId, Long objectId, String record) {

	Instant eventTime() {
		return this.position.eventTime();
	}

	/**
	 * A place in the order of {@code (event_time, seq)}, the order of the store's time
	 * index.
	 */
	record Position(Instant eventTime, long seq) {
	}
}
