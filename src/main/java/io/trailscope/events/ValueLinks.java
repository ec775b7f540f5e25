package io.trailscope.events;

import io.trailscope.query.Query;

/**
 * A value of a field with the searches that include and exclude it, for the group-by
 * table and the field list. A blank value is shown as "(none)" and its links are those of
 * the field's absence; an empty string held at a record path is a value of its own there
 * ({@code path:""}).
 *
 * @param text the value as shown
 * @param none whether it stands for no value
 */
record ValueLinks(String text, boolean none, String includeUrl, String excludeUrl) {

	static ValueLinks of(EventSearch search, String field, String value, boolean recordPath) {
		if (value != null && value.isEmpty() && recordPath) {
			String term = Query.Match.quoted(field, "").toQueryString();
			return new ValueLinks("\"\"", false, search.withQueryTerm(term).url("/events"),
					search.withQueryTerm("-" + term).url("/events"));
		}
		if (value == null || value.isBlank()) {
			return new ValueLinks("(none)", true, search.withQueryTerm("-" + field + ":*").url("/events"),
					search.withQueryTerm(field + ":*").url("/events"));
		}
		String term = Query.Match.literal(field, value).toQueryString();
		return new ValueLinks(value, false, search.withQueryTerm(term).url("/events"),
				search.withQueryTerm("-" + term).url("/events"));
	}

}
