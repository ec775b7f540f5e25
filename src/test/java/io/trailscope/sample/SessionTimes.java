package io.trailscope.sample;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Reads back the STS time form the generator writes ("Jun 1, 2025, 1:00:00 PM", UTC). */
final class SessionTimes {

	private static final DateTimeFormatter STS = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.ENGLISH);

	private SessionTimes() {
	}

	static Instant expiration(String value) {
		return LocalDateTime.parse(value, STS).toInstant(ZoneOffset.UTC);
	}

}
