package io.trailscope.overview;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The period the overview summarises, as it is in the URL: a relative {@code range}
 * ({@code 24h}, {@code 7d}, {@code 30d}, {@code 90d}, {@code all}; the last 7 days by
 * default) or a {@code from}/{@code to} window, which wins, in the forms {@code /events}
 * reads. A range of days counts whole days ({@link #searchParameters}).
 *
 * @param range the relative range, or null for a from/to window
 * @param from the lower bound as given, or null
 * @param to the upper bound as given, or null
 */
record Period(String range, String from, String to) {

	static final String DEFAULT_RANGE = "7d";

	/** The ranges offered, with their labels. */
	static final Map<String, String> RANGES = ranges();

	Period {
		if (range == null && from == null && to == null) {
			throw new IllegalArgumentException("a period is a range or a window");
		}
		if (range != null && !RANGES.containsKey(range)) {
			throw new IllegalArgumentException(
					"Unknown period \"" + range + "\": use one of " + String.join(", ", RANGES.keySet()) + ".");
		}
	}

	/**
	 * The period of the request's parameters.
	 * @throws IllegalArgumentException for a range that is not offered
	 */
	static Period of(MultiValueMap<String, String> parameters) {
		String from = first(parameters, "from");
		String to = first(parameters, "to");
		if (from != null || to != null) {
			return new Period(null, from, to);
		}
		String range = first(parameters, "range");
		return new Period(range == null ? DEFAULT_RANGE : range, null, null);
	}

	static Period standard() {
		return new Period(DEFAULT_RANGE, null, null);
	}

	/** The parameters of this period, for the overview's links and for searches. */
	MultiValueMap<String, String> parameters() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (this.range != null) {
			parameters.add("range", this.range);
		}
		if (this.from != null) {
			parameters.add("from", this.from);
		}
		if (this.to != null) {
			parameters.add("to", this.to);
		}
		return parameters;
	}

	/**
	 * The parameters of the searches this period counts: a range of days is the whole
	 * days (UTC) it reaches back to, today being the last, from a date and open-ended.
	 * Whole days are what the rollups count every grouping of (the principal beside
	 * another field is kept per day only), so every number of such a period is exact and
	 * read from the rollups; the last 24 hours, all time and a from/to window are as
	 * given.
	 */
	MultiValueMap<String, String> searchParameters(Instant now) {
		if (this.range == null || !this.range.endsWith("d")) {
			return parameters();
		}
		int days = Integer.parseInt(this.range.substring(0, this.range.length() - 1));
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.add("from", LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days - 1).toString());
		return parameters;
	}

	/** "the last 7 days", "all time", "2025-01-01 – now". */
	public String label() {
		if (this.range != null) {
			return RANGES.get(this.range);
		}
		return (this.from == null ? "the beginning" : this.from) + " – " + (this.to == null ? "now" : this.to);
	}

	private static String first(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null) {
			return null;
		}
		return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst().orElse(null);
	}

	private static Map<String, String> ranges() {
		Map<String, String> ranges = new LinkedHashMap<>();
		ranges.put("24h", "the last 24 hours");
		ranges.put("7d", "the last 7 days (UTC)");
		ranges.put("30d", "the last 30 days (UTC)");
		ranges.put("90d", "the last 90 days (UTC)");
		ranges.put("all", "all time");
		return Collections.unmodifiableMap(ranges);
	}

}
