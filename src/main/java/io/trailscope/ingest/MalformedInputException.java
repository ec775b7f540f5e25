package io.trailscope.ingest;

/**
 * The content of an object cannot be read further: not gzip, truncated, not JSON. Retrying does
 * not help, so the object is recorded as failed (keeping the records read before the fault) and its
 * notification is acknowledged.
 */
class MalformedInputException extends RuntimeException {

	MalformedInputException(String message, Throwable cause) {
		super(message, cause);
	}
}
