package io.trailscope.sessions;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The orders of the session list ({@code sort}), each an expression of the sessions table
 * with the id as tiebreak, so that a keyset position is one value and an id. A session
 * with no calls has no last activity; it takes its creation there, so that the order has
 * no nulls for a keyset to stumble on.
 */
enum SessionSort {

	CREATED("created", "s.created"), CALLS("calls", "s.call_count"), ERRORS("errors", "s.error_count"),
	LAST_ACTIVITY("last", "coalesce(s.last_activity, s.created)");

	private final String parameter;

	private final String expression;

	SessionSort(String parameter, String expression) {
		this.parameter = parameter;
		this.expression = expression;
	}

	String parameter() {
		return this.parameter;
	}

	/** The SQL the list is ordered by, on sessions alias {@code s}; a constant. */
	String expression() {
		return this.expression;
	}

	/**
	 * The order named by {@code sort}, the newest first when none is named.
	 * @throws IllegalArgumentException for an unknown one, saying which there are
	 */
	static SessionSort of(String parameter) {
		if (parameter == null) {
			return CREATED;
		}
		for (SessionSort sort : values()) {
			if (sort.parameter.equals(parameter)) {
				return sort;
			}
		}
		throw new IllegalArgumentException("'sort' must be created, calls, errors or last");
	}

	/** A session's value in this order, as a "load more" position writes it. */
	String positionOf(Session session) {
		return switch (this) {
			case CREATED -> session.created().toString();
			case CALLS -> Long.toString(session.callCount());
			case ERRORS -> Long.toString(session.errorCount());
			case LAST_ACTIVITY ->
				(session.lastActivity() != null ? session.lastActivity() : session.created()).toString();
		};
	}

	/**
	 * A position's value as the parameter to compare the expression with.
	 * @throws IllegalArgumentException for one this order cannot have written
	 */
	Object parse(String value) {
		try {
			return switch (this) {
				case CREATED, LAST_ACTIVITY -> SessionRows.utc(Instant.parse(value));
				case CALLS, ERRORS -> Long.valueOf(value);
			};
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new IllegalArgumentException("Malformed position \"" + value + "\".");
		}
	}

}
