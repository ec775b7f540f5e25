package io.trailscope.events;

import java.util.List;
import io.trailscope.query.Query;
import java.util.ArrayList;

/**
 * How the search page builds query-language nodes for its filters, in one place: a filter
 * value keeps its {@code *} wildcards unless it holds characters only a quoted value can
 * carry.
 */
final class Queries {

	private Queries() {
	}

	static Query and(List<Query> parts) {
		return Query.and(parts);
	}

	static Query or(List<Query> parts) {
		return Query.or(parts);
	}

	static Query not(Query query) {
		return Query.not(query);
	}

	static Query match(String field, String value) {
		return new Query.Match(field, value, false);
	}

	/** A value that must be taken literally (a facet value, a value of a record). */
	static Query literal(String field, String value) {
		return new Query.Match(field, value, value.indexOf('*') >= 0);
	}

	static Query exists(String field) {
		return new Query.Exists(field);
	}

	/**
	 * The value anywhere in the field: an unquoted {@code *value*}. A value with spaces
	 * becomes one such term per word, since a quoted value would be literal and the
	 * equivalent query must mean the same when it is run again.
	 */
	static Query contains(String field, String value) {
		List<Query> words = new ArrayList<>();
		for (String word : value.strip().split("\\s+")) {
			String pattern = word.startsWith("*") || word.endsWith("*") ? word : "*" + word + "*";
			words.add(new Query.Match(field, pattern, false));
		}
		return and(words);
	}

	static Query text(String text) {
		return new Query.Text(text, text.indexOf('*') < 0 && text.chars().anyMatch(Character::isWhitespace));
	}

	static String text(Query query) {
		return query.toQueryString();
	}

}
