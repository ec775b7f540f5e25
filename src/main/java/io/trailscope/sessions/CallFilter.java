package io.trailscope.sessions;

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
 * or an error code); {@code cursor} is the keyset position of "load more".
 */
record CallFilter(String q, String eventName, String error, String cursor) {

	static final CallFilter NONE = new CallFilter(null, null, null, null);

	CallFilter {
		q = SessionFilter.blankToNull(q);
		eventName = SessionFilter.blankToNull(eventName);
		error = SessionFilter.blankToNull(error);
		cursor = SessionFilter.blankToNull(cursor);
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
		return this.q != null || this.eventName != null || this.error != null;
	}

	/** The same filter at another position or in another format, as a URL. */
	String url(String path, String cursor) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("q", this.q);
		values.put("eventName", this.eventName);
		values.put("error", this.error);
		values.put("cursor", cursor);
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
		values.forEach((name, value) -> {
			if (value != null) {
				uri.queryParam(name, value);
			}
		});
		return uri.encode().build().toUriString();
	}
}
