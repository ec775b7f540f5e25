package io.trailscope.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code timestamptz} to and from {@link Instant}. The driver binds an {@code Instant}
 * with no offset of its own; an {@link OffsetDateTime} in UTC states the instant whatever
 * the session's time zone, and reading one back never depends on it either.
 */
public final class Timestamps {

	private Timestamps() {
	}

	/** The value to bind for a {@code timestamptz} parameter; null stays null. */
	public static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	/** A {@code timestamptz} column of the current row, or null. */
	public static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
