package io.trailscope.ingest;

/** A single record that cannot be stored (no eventID, no readable eventTime); its file goes on. */
class RejectedRecordException extends RuntimeException {

	RejectedRecordException(String message) {
		super(message);
	}
}
