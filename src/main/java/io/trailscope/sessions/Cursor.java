package io.trailscope.sessions;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A keyset position, written into "load more" links as {@code time~tiebreak}: a time and what
 * orders rows of the same time (a session id, or an event id and account).
 */
record Cursor(Instant time, String tiebreak) {

	static String of(Instant time, String tiebreak) {
		return time + "~" + tiebreak;
	}

	/** The position, or null for the first page; a malformed cursor is rejected. */
	static Cursor parse(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		int tilde = value.indexOf('~');
		if (tilde < 0) {
			throw new IllegalArgumentException("malformed cursor");
		}
		try {
			return new Cursor(Instant.parse(value.substring(0, tilde)), value.substring(tilde + 1));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("malformed cursor", ex);
		}
	}
}
