package io.trailscope.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where the next page of a keyset-paged list starts, written into "load more" links as
 * {@code time~tiebreak}: the time of the last row shown and what orders rows of the same
 * time (a sequence number, a session id, an event id and account).
 */
public record Keyset(Instant time, String tiebreak) {

	/** The position after a row of this time and tiebreak. */
	public static Keyset after(Instant time, Object tiebreak) {
		return new Keyset(time, String.valueOf(tiebreak));
	}

	/**
	 * The position, or null for the first page.
	 * @throws IllegalArgumentException for a malformed one, saying so
	 */
	public static Keyset parse(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		int tilde = value.indexOf('~');
		try {
			return new Keyset(Instant.parse(value.substring(0, tilde)), value.substring(tilde + 1));
		}
		catch (DateTimeParseException | IndexOutOfBoundsException ex) {
			throw malformed(value);
		}
	}

	/** The tiebreak as a number, for lists ordered by a sequence. */
	public long tiebreakNumber() {
		try {
			return Long.parseLong(this.tiebreak);
		}
		catch (NumberFormatException ex) {
			throw malformed(toString());
		}
	}

	@Override
	public String toString() {
		return this.time + "~" + this.tiebreak;
	}

	private static IllegalArgumentException malformed(String value) {
		return new IllegalArgumentException("Malformed position \"" + value + "\".");
	}
}
