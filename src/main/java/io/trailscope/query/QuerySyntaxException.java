package io.trailscope.query;

/**
 * A query that cannot be parsed or compiled. The message says what is wrong and where, in
 * words an analyst can act on; {@link #position()} is the 0-based character offset in the
 * query text, or -1 where it is not known (a hand-built {@link Query} compiled without
 * its text).
 */
public final class QuerySyntaxException extends RuntimeException {

	private final int position;

	public QuerySyntaxException(String message, int position) {
		super(message);
		this.position = position;
	}

	/**
	 * The 0-based character offset of the problem in the query text, or -1 if not known.
	 */
	public int position() {
		return this.position;
	}

	/**
	 * The query with a caret under this problem's character, as two lines for a
	 * {@code <pre>}, or null where the query or the position is not known.
	 */
	public String caret(String query) {
		return caret(query, this.position);
	}

	public static String caret(String query, int position) {
		if (query == null || position < 0) {
			return null;
		}
		return query + "\n" + " ".repeat(Math.min(position, query.length())) + "^";
	}

}
