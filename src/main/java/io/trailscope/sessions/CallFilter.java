package io.trailscope.sessions;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.util.UriComponentsBuilder;

import io.trailscope.web.Keyset;
import io.trailscope.query.Query;
import io.trailscope.query.QueryParser;
import io.trailscope.query.QuerySyntaxException;

/**
 * The filters of a session timeline, bound from GET parameters: {@code q} a query in the
 * events query language (the same box as {@code /events}, applied within the session),
 * {@code eventName} (with {@code *} wildcards), {@code error} ({@code any}, {@code none}
 * or an error code), {@code from} and {@code to} (ISO-8601 instants: a slice of the
 * session's time, from inclusive, to exclusive, as the time strip's bins link to it);
 * {@code cursor} is the keyset position of "load more".
 */
record CallFilter(String q, String eventName, String error, String from, String to, String cursor) {

	static final CallFilter NONE = new CallFilter(null, null, null, null, null, null);

	CallFilter {
		q = SessionFilter.blankToNull(q);
		eventName = SessionFilter.blankToNull(eventName);
		error = SessionFilter.blankToNull(error);
		from = SessionFilter.blankToNull(from);
		to = SessionFilter.blankToNull(to);
		cursor = SessionFilter.blankToNull(cursor);
	}

	/**
	 * The start of the slice, or null.
	 * @throws IllegalArgumentException when it is not an ISO-8601 instant
	 */
	Instant fromTime() {
		return instant(this.from, "from");
	}

	/**
	 * The end of the slice (exclusive), or null.
	 * @throws IllegalArgumentException when it is not an ISO-8601 instant
	 */
	Instant toTime() {
		return instant(this.to, "to");
	}

	public boolean sliced() {
		return this.from != null || this.to != null;
	}

	/** The same filter over the whole session: what the time strip counts. */
	CallFilter whole() {
		return new CallFilter(this.q, this.eventName, this.error, null, null, null);
	}

	/** The same filter over a slice of the session's time, from its first call. */
	String sliceUrl(String path, Instant sliceFrom, Instant sliceTo) {
		return new CallFilter(this.q, this.eventName, this.error, sliceFrom.toString(), sliceTo.toString(), null)
			.url(path, null);
	}

	/**
	 * The parsed query box.
	 * @throws QuerySyntaxException saying what is wrong and where
	 */
	Query query() {
		return QueryParser.parse(this.q);
	}

	/** {@code Create*} as a LIKE pattern, with LIKE's own wildcards escaped. */
	String eventNamePattern() {
		return this.eventName == null ? null
				: this.eventName.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
	}

	Keyset position() {
		return Keyset.parse(this.cursor);
	}

	boolean filtered() {
		return this.q != null || this.eventName != null || this.error != null || sliced();
	}

	/** The same filter at another position or in another format, as a URL. */
	String url(String path, String cursor) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("q", this.q);
		values.put("eventName", this.eventName);
		values.put("error", this.error);
		values.put("from", this.from);
		values.put("to", this.to);
		values.put("cursor", cursor);
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
		values.forEach((name, value) -> {
			if (value != null) {
				uri.queryParam(name, value);
			}
		});
		return uri.encode().build().toUriString();
	}

	private static Instant instant(String value, String name) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"'" + name + "' must be an ISO-8601 instant, such as 2024-05-01T09:30:00Z");
		}
	}
}
