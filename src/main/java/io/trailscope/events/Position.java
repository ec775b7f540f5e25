package io.trailscope.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A keyset position on {@code (event_time, seq)}, written into "load more" links as {@code time~seq}. */
record Position(Instant time, long seq) {

	@Override
	public String toString() {
		return this.time + "~" + this.seq;
	}

	/** The position, or null for the first page; a malformed one is rejected. */
	static Position parse(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		int tilde = value.indexOf('~');
		try {
			return new Position(Instant.parse(value.substring(0, tilde)), Long.parseLong(value.substring(tilde + 1)));
		}
		catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException ex) {
			throw new IllegalArgumentException("Malformed position \"" + value + "\".");
		}
	}
}
