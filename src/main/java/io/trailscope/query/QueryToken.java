package io.trailscope.query;

/**
 * The term being typed at the caret of a query box, for suggestions: where it starts and
 * ends (what a chosen suggestion replaces), its negation, and its field and value if it
 * has a colon. Reading never fails: a query that does not parse yet (an open quote or
 * parenthesis) is what a query box holds while it is typed.
 *
 * @param start the offset of the term's first character (its negation included)
 * @param end the offset after its last character
 * @param negation {@code -} or {@code !} if the term is negated, else empty
 * @param field the text before the colon, or null if there is none (the term is a field
 * name, a keyword or free text being typed)
 * @param value the text after the colon without an opening quote or parenthesis, or the
 * whole term when there is no colon
 * @param keep the start of the term that a chosen value keeps before it: the negation,
 * field and colon ({@code -eventName:}), an opening parenthesis, or nothing for a value
 * inside a group ({@code eventName:(Get* OR Des})
 * @param afterTerm true if another term stands before this one (so an operator may
 * follow)
 */
public record QueryToken(int start, int end, String negation, String field, String value, String keep,
		boolean afterTerm) {

	/** The term at {@code caret} in {@code q}; the caret is clamped into the text. */
	public static QueryToken at(String q, int caret) {
		String text = (q == null) ? "" : q;
		int at = Math.max(0, Math.min(caret, text.length()));
		// where the term at the caret starts: after the last separator outside quotes
		int start = 0;
		boolean quoted = false;
		for (int i = 0; i < at; i++) {
			char c = text.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == '\\' && quoted) {
				i++;
			}
			else if (!quoted && (Character.isWhitespace(c) || c == '(' || c == ')')) {
				start = i + 1;
			}
		}
		// a term whose field's value opens a group (field:(a OR b) ) completes the value
		// inside the group: name the field from before the parenthesis
		String groupField = groupField(text, start);
		int end = at;
		while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != ')' && !quoted) {
			end++;
		}
		String term = text.substring(start, end);
		String negation = "";
		if (groupField == null && (term.startsWith("-") || term.startsWith("!"))) {
			negation = term.substring(0, 1);
			term = term.substring(1);
		}
		boolean afterTerm = !text.substring(0, start).isBlank();
		int colon = colonOutsideQuotes(term);
		if (colon < 0) {
			if (groupField != null) {
				return new QueryToken(start, end, negation, groupField, unquote(term), "", afterTerm);
			}
			return new QueryToken(start, end, negation, null, term, negation, afterTerm);
		}
		String value = term.substring(colon + 1);
		String keep = negation + term.substring(0, colon + 1) + (value.startsWith("(") ? "(" : "");
		return new QueryToken(start, end, negation, term.substring(0, colon), unquote(value), keep, afterTerm);
	}

	/** True if the term names a field and the caret is in its value. */
	public boolean inValue() {
		return this.field != null;
	}

	private static int colonOutsideQuotes(String term) {
		for (int i = 0; i < term.length(); i++) {
			char c = term.charAt(i);
			if (c == '"') {
				return -1;
			}
			if (c == ':') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The field of an open {@code field:(} group that the term at {@code start} is in.
	 */
	private static String groupField(String text, int start) {
		int depth = 0;
		for (int i = start - 1; i >= 0; i--) {
			char c = text.charAt(i);
			if (c == ')') {
				depth++;
			}
			else if (c == '(') {
				if (depth > 0) {
					depth--;
					continue;
				}
				if (i > 0 && text.charAt(i - 1) == ':') {
					int fieldStart = i - 1;
					while (fieldStart > 0 && !Character.isWhitespace(text.charAt(fieldStart - 1))
							&& text.charAt(fieldStart - 1) != '(') {
						fieldStart--;
					}
					String field = text.substring(fieldStart, i - 1);
					if (field.startsWith("-") || field.startsWith("!")) {
						field = field.substring(1);
					}
					return field.isEmpty() ? null : field;
				}
				return null;
			}
		}
		return null;
	}

	private static String unquote(String value) {
		String v = value;
		if (v.startsWith("(")) {
			v = v.substring(1);
		}
		if (v.startsWith("\"")) {
			v = v.substring(1);
			if (v.endsWith("\"") && !v.endsWith("\\\"")) {
				v = v.substring(0, v.length() - 1);
			}
		}
		return v;
	}

}
