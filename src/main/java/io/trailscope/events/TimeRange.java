package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Collections;

/**
 * The time window of a search: a relative {@code range} ({@code 15m}, {@code 1h},
 * {@code 24h}, {@code 7d}, {@code 30d}, {@code 90d}, {@code all}) or an absolute
 * {@code from}–{@code to}. Either bound may be an ISO-8601 instant or offset date-time, a
 * UTC date-time without offset, a date ({@code to} as a date includes that whole day), or
 * a relative form {@code now}, {@code now-24h}, {@code now-7d} (units s, m, h, d, w). A
 * null bound is open. {@code from}/{@code to} win over {@code range}; without either the
 * window is the last 24 hours.
 *
 * @param range the relative range as given, or null for an absolute window
 * @param fromText the {@code from} parameter as given (kept so a link reproduces it), or
 * null
 * @param toText the {@code to} parameter as given, or null
 * @param from the resolved lower bound, inclusive, or null
 * @param to the resolved upper bound, exclusive, or null
 */
record TimeRange(String range, String fromText, String toText, Instant from, Instant to) {

	static final String DEFAULT_RANGE = "24h";

	/** The relative ranges offered, in order, with their labels. */
	static final Map<String, String> RANGES = ranges();

	private static final Pattern RELATIVE = Pattern.compile("now(?:\\s*([-+])\\s*(\\d{1,6})\\s*([smhdw]))?");

	TimeRange {
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException(
					"The time range ends before it starts: from " + from + " to " + to + ".");
		}
	}

	static TimeRange of(String range, String fromText, String toText, Instant now) {
		fromText = blankToNull(fromText);
		toText = blankToNull(toText);
		range = blankToNull(range);
		if (fromText != null || toText != null) {
			return new TimeRange(null, fromText, toText, bound(fromText, now, false), bound(toText, now, true));
		}
		if (range == null) {
			range = DEFAULT_RANGE;
		}
		if (!RANGES.containsKey(range)) {
			throw new IllegalArgumentException(
					"Unknown range \"" + range + "\": use one of " + String.join(", ", RANGES.keySet()) + ".");
		}
		return new TimeRange(range, null, null, "all".equals(range) ? null : now.minus(duration(range)), null);
	}

	static TimeRange between(Instant from, Instant to) {
		return new TimeRange(null, from.toString(), to.toString(), from, to);
	}

	public boolean relative() {
		return this.range != null;
	}

	/** What a person reads: "last 24 hours", or "2025-01-01T00:00:00Z – now". */
	public String label() {
		if (this.range != null) {
			return RANGES.get(this.range);
		}
		return (this.from == null ? "the beginning" : this.from.toString()) + " – "
				+ (this.to == null ? "now" : this.to.toString());
	}

	/** The URL parameters that reproduce this window. */
	Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (this.range != null) {
			if (!DEFAULT_RANGE.equals(this.range)) {
				parameters.put("range", this.range);
			}
		}
		else {
			if (this.fromText != null) {
				parameters.put("from", this.fromText);
			}
			if (this.toText != null) {
				parameters.put("to", this.toText);
			}
		}
		return parameters;
	}

	static Duration duration(String range) {
		int amount = Integer.parseInt(range.substring(0, range.length() - 1));
		return switch (range.charAt(range.length() - 1)) {
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

	/** Parses one bound; a date as the upper bound means the end of that day. */
	static Instant bound(String text, Instant now, boolean upper) {
		if (text == null) {
			return null;
		}
		String value = text.strip();
		Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
		if (relative.matches()) {
			if (relative.group(1) == null) {
				return now;
			}
			long amount = Long.parseLong(relative.group(2));
			Duration unit = switch (relative.group(3)) {
				case "s" -> Duration.ofSeconds(1);
				case "m" -> Duration.ofMinutes(1);
				case "h" -> Duration.ofHours(1);
				case "d" -> Duration.ofDays(1);
				default -> Duration.ofDays(7);
			};
			Duration offset = unit.multipliedBy(amount);
			return "-".equals(relative.group(1)) ? now.minus(offset) : now.plus(offset);
		}
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException notOffset) {
			// try the next form
		}
		try {
			return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException notLocal) {
			// try the next form
		}
		try {
			LocalDate date = LocalDate.parse(value);
			return (upper ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException notDate) {
			throw new IllegalArgumentException("Cannot read the time \"" + text
					+ "\": use an ISO-8601 instant (2025-01-31T12:00:00Z), a date (2025-01-31) or now-24h.");
		}
	}

	private static Map<String, String> ranges() {
		Map<String, String> ranges = new LinkedHashMap<>();
		ranges.put("15m", "last 15 minutes");
		ranges.put("1h", "last hour");
		ranges.put("24h", "last 24 hours");
		ranges.put("7d", "last 7 days");
		ranges.put("30d", "last 30 days");
		ranges.put("90d", "last 90 days");
		ranges.put("all", "all time");
		return Collections.unmodifiableMap(ranges);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
