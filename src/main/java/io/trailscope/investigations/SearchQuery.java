package io.trailscope.investigations;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The query string of an {@code /events} URL in one canonical encoding, whatever was
 * submitted: a bare query string, one with a leading {@code ?}, or a whole pasted URL.
 * Decoding and re-encoding every name and value means the stored string can only ever be
 * a query string, so the link built from it stays on the events page.
 */
record SearchQuery(String value) {

	static final String EVENTS = "/events";

	static final int MAX_LENGTH = 4000;

	SearchQuery {
		if (value == null || value.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("a search is at most " + MAX_LENGTH + " characters");
		}
	}

	static SearchQuery parse(String submitted) {
		String raw = (submitted != null) ? submitted.strip() : "";
		int hash = raw.indexOf('#');
		if (hash >= 0) {
			raw = raw.substring(0, hash);
		}
		int question = raw.indexOf('?');
		if (question >= 0) {
			raw = raw.substring(question + 1);
		}
		List<String> pairs = new ArrayList<>();
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (!name.isBlank() && !value.isBlank()) {
				pairs.add(encode(name) + "=" + encode(value));
			}
		}
		return new SearchQuery(String.join("&", pairs));
	}

	private static String decode(String part) {
		try {
			return URLDecoder.decode(part, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a stray '%' that is not an escape: keep the text as typed
			return part;
		}
	}

	private static String encode(String part) {
		return URLEncoder.encode(part, StandardCharsets.UTF_8);
	}
}
