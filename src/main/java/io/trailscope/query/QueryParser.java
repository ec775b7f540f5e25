package io.trailscope.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.trailscope.query.Query.All;
import io.trailscope.query.Query.And;
import io.trailscope.query.Query.Exists;
import io.trailscope.query.Query.Match;
import io.trailscope.query.Query.Not;
import io.trailscope.query.Query.Or;
import io.trailscope.query.Query.Text;
import java.util.function.Supplier;

/**
 * Parses the events query language, close to Kibana's:
 *
 * <pre>
 * query    = [ or ]
 * or       = and { "OR" and }
 * and      = unary { [ "AND" ] unary }           (terms side by side are ANDed)
 * unary    = ( "NOT" | "-" ) unary | primary     (precedence NOT &gt; AND &gt; OR)
 * primary  = "(" or ")" | field ":" value | "\"phrase\"" | word
 * value    = "*" | "\"quoted\"" | unquoted | "(" values ")"   (values: the same and/or/not of values)
 * </pre>
 *
 * An unquoted value runs from the first colon after the field name up to whitespace or a
 * closing parenthesis, so ARNs ({@code arn:aws:iam::123:user/alice}), CIDRs and
 * {@code key=value} texts need no quotes. In quotes, {@code \"} is a quote and {@code \\}
 * a backslash; any other backslash is literal. Keywords are case-insensitive ({@code or}
 * works too); quote a keyword to search it as text. Field names are checked here, so an
 * unknown field is reported with its position.
 * <p>
 * What no index can bound or what costs without limit is refused, with its position like
 * any other error: a text over {@link #MAX_LENGTH} characters, more than
 * {@link #MAX_TERMS} terms, parentheses and negations nested over {@link #MAX_DEPTH}
 * levels, and record paths with more than one {@code **} or with no named key
 * ({@link QueryCompiler#checkField}).
 */
public final class QueryParser {

	/**
	 * Longer texts are refused before parsing: no analyst types this, and each value
	 * becomes a pattern PostgreSQL matches against every row in the time range.
	 */
	public static final int MAX_LENGTH = 4_096;

	/**
	 * Field matches, presence tests and free-text words or phrases in one query: each
	 * becomes a condition PostgreSQL plans and evaluates on the rows in the time range.
	 */
	public static final int MAX_TERMS = 64;

	/**
	 * Levels of parentheses and negations: the parser and the compiler recurse once per
	 * level.
	 */
	public static final int MAX_DEPTH = 64;

	private static final Pattern UNSAFE = Pattern.compile("[\\s()\"]|^$");

	private final String text;

	private int pos;

	private int depth;

	private int terms;

	private QueryParser(String text) {
		this.text = text;
	}

	/**
	 * The query of a text; blank text is {@link All}.
	 * @throws QuerySyntaxException with what is wrong and its position
	 */
	public static Query parse(String text) {
		if (text == null) {
			return new All();
		}
		if (text.length() > MAX_LENGTH) {
			throw error(MAX_LENGTH,
					"The query is %d characters long; at most %d are accepted (the excess starts at "
							+ "position %d): shorten it, or narrow the search with the filters and the time range.",
					text.length(), MAX_LENGTH, MAX_LENGTH);
		}
		return new QueryParser(text).query();
	}

	private Query query() {
		skipSpace();
		if (atEnd()) {
			return new All();
		}
		Query query = or(null);
		skipSpace();
		if (!atEnd()) {
			// or() stops only at the end or at a ')' it has no '(' for
			throw error(this.pos, "Unexpected ')' at position %d: there is no '(' to close.", this.pos);
		}
		return query;
	}

	private Query or(String field) {
		List<Query> terms = new ArrayList<>();
		terms.add(and(field));
		while (true) {
			skipSpace();
			int at = this.pos;
			if (!"OR".equals(keyword())) {
				break;
			}
			this.pos += 2;
			requireTermAfter("OR", at);
			terms.add(and(field));
		}
		return (terms.size() == 1) ? terms.get(0) : new Or(terms);
	}

	private Query and(String field) {
		List<Query> terms = new ArrayList<>();
		terms.add(unary(field));
		while (true) {
			skipSpace();
			if (atEnd() || peek() == ')') {
				break;
			}
			int at = this.pos;
			String keyword = keyword();
			if ("OR".equals(keyword)) {
				break;
			}
			if ("AND".equals(keyword)) {
				this.pos += 3;
				requireTermAfter("AND", at);
			}
			terms.add(unary(field));
		}
		return (terms.size() == 1) ? terms.get(0) : new And(terms);
	}

	private Query unary(String field) {
		skipSpace();
		int at = this.pos;
		String keyword = keyword();
		if ("OR".equals(keyword) || "AND".equals(keyword)) {
			throw error(at, "'%s' at position %d needs a term before it.", keyword, at);
		}
		if ("NOT".equals(keyword)) {
			this.pos += 3;
			requireTermAfter("NOT", at);
			return new Not(nested(() -> unary(field), at));
		}
		if (!atEnd() && peek() == '-') {
			this.pos++;
			if (atEnd() || Character.isWhitespace(peek()) || peek() == ')') {
				throw error(at,
						"'-' at position %d must be followed by a term, without a space (-eventName:CreateTags).", at);
			}
			return new Not(nested(() -> unary(field), at));
		}
		return primary(field);
	}

	private Query primary(String field) {
		skipSpace();
		int at = this.pos;
		if (atEnd()) {
			throw error(at, "A term is missing at the end of the query (position %d).", at);
		}
		char c = peek();
		if (c == '(') {
			return group(field, at);
		}
		if (c == ')') {
			throw error(at, "Unexpected ')' at position %d.", at);
		}
		if (c == '"') {
			term(at);
			String phrase = quoted();
			if (field != null) {
				return match(field, phrase, true, at);
			}
			if (phrase.isBlank()) {
				throw error(at, "Empty phrase at position %d: put some text between the quotes.", at);
			}
			return new Text(phrase, true);
		}
		if (field != null) {
			// a value inside field:( ... ): colons are part of the value
			term(at);
			String value = unquotedValue();
			return "*".equals(value) ? exists(field, at) : match(field, value, false, at);
		}
		while (!atEnd() && !Character.isWhitespace(peek()) && "()\":".indexOf(peek()) < 0) {
			this.pos++;
		}
		String word = this.text.substring(at, this.pos);
		if (!atEnd() && peek() == ':') {
			if (word.isEmpty()) {
				throw error(at, "':' at position %d has no field name before it (write field:value).", at);
			}
			this.pos++;
			return fieldValue(word, at);
		}
		if (!atEnd() && (peek() == '"' || peek() == '(')) {
			throw error(this.pos,
					"'%c' at position %d follows '%s' without a space: separate the terms, or quote the whole value.",
					peek(), this.pos, word);
		}
		term(at);
		return new Text(word, false);
	}

	private Query group(String field, int at) {
		this.pos++;
		skipSpace();
		if (atEnd()) {
			throw error(at, "'(' at position %d is never closed: add a ')'.", at);
		}
		if (peek() == ')') {
			throw (field == null) ? error(at, "Empty parentheses at position %d.", at)
					: error(at, "Empty value list for '%s' at position %d: write %s:(a OR b).", field, at, field);
		}
		Query inner = nested(() -> or(field), at);
		skipSpace();
		if (atEnd()) {
			throw error(at, "'(' at position %d is never closed: add a ')'.", at);
		}
		this.pos++;
		return inner;
	}

	private Query fieldValue(String field, int fieldAt) {
		checkField(field, fieldAt);
		int at = this.pos;
		if (atEnd() || Character.isWhitespace(peek()) || peek() == ')') {
			throw error(at, "The value of '%s' is missing at position %d: write %s:value, %s:\"quoted value\" or %s:*.",
					field, at, field, field, field);
		}
		char c = peek();
		if (c == '(') {
			return group(field, at);
		}
		term(fieldAt);
		if (c == '"') {
			return match(field, quoted(), true, at);
		}
		String value = unquotedValue();
		return "*".equals(value) ? exists(field, at) : match(field, value, false, at);
	}

	private String unquotedValue() {
		int start = this.pos;
		while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ')') {
			char c = peek();
			if (c == '"' || c == '(') {
				throw error(this.pos, "'%c' inside a value at position %d: quote the whole value (field:\"...\").", c,
						this.pos);
			}
			this.pos++;
		}
		return this.text.substring(start, this.pos);
	}

	private String quoted() {
		int start = this.pos;
		this.pos++;
		StringBuilder value = new StringBuilder();
		while (!atEnd()) {
			char c = peek();
			if (c == '\\' && this.pos + 1 < this.text.length()
					&& (this.text.charAt(this.pos + 1) == '"' || this.text.charAt(this.pos + 1) == '\\')) {
				value.append(this.text.charAt(this.pos + 1));
				this.pos += 2;
				continue;
			}
			if (c == '"') {
				this.pos++;
				if (!atEnd() && !Character.isWhitespace(peek()) && peek() != ')') {
					throw error(this.pos, "'%c' at position %d directly follows a closing quote: add a space.", peek(),
							this.pos);
				}
				return value.toString();
			}
			value.append(c);
			this.pos++;
		}
		throw error(start, "The quote at position %d is never closed: add a '\"'.", start);
	}

	private Query match(String field, String value, boolean quoted, int at) {
		Match match = new Match(field, value, quoted);
		QueryCompiler.check(match, at);
		return match;
	}

	private Query exists(String field, int at) {
		Exists exists = new Exists(field);
		QueryCompiler.check(exists, at);
		return exists;
	}

	private void checkField(String field, int at) {
		QueryCompiler.checkField(field, at);
	}

	/**
	 * Counts a term that starts at {@code at}; the values of field:( ... ) count one
	 * each.
	 */
	private void term(int at) {
		if (++this.terms > MAX_TERMS) {
			throw error(at, "At most %d terms in a query, at position %d: split the search, or match several values "
					+ "with one wildcard.", MAX_TERMS, at);
		}
	}

	private void requireTermAfter(String keyword, int at) {
		skipSpace();
		if (atEnd() || peek() == ')') {
			throw error(at, "'%s' at position %d needs a term after it.", keyword, at);
		}
		String next = keyword();
		if ("OR".equals(next) || "AND".equals(next)) {
			throw error(at, "'%s' at position %d needs a term after it, not '%s'.", keyword, at, next);
		}
	}

	private Query nested(Supplier<Query> inner, int at) {
		if (++this.depth > MAX_DEPTH) {
			throw error(at, "The query nests too deeply at position %d (at most %d levels).", at, MAX_DEPTH);
		}
		try {
			return inner.get();
		}
		finally {
			this.depth--;
		}
	}

	/** The keyword (upper case) that starts at the cursor, or null. */
	private String keyword() {
		int end = this.pos;
		while (end < this.text.length() && Character.isLetter(this.text.charAt(end))) {
			end++;
		}
		if (end == this.pos || end - this.pos > 3) {
			return null;
		}
		if (end < this.text.length()) {
			char next = this.text.charAt(end);
			// "not-found" is a word, not NOT -found
			if (!Character.isWhitespace(next) && next != '(' && next != ')' && next != '"') {
				return null;
			}
		}
		String word = this.text.substring(this.pos, end);
		return isKeyword(word) ? word.toUpperCase(Locale.ROOT) : null;
	}

	static boolean isKeyword(String word) {
		return "OR".equalsIgnoreCase(word) || "AND".equalsIgnoreCase(word) || "NOT".equalsIgnoreCase(word);
	}

	static boolean needsQuotes(String value) {
		return UNSAFE.matcher(value).find();
	}

	static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private void skipSpace() {
		while (!atEnd() && Character.isWhitespace(peek())) {
			this.pos++;
		}
	}

	private boolean atEnd() {
		return this.pos >= this.text.length();
	}

	private char peek() {
		return this.text.charAt(this.pos);
	}

	/** A syntax error at {@code position}, which the message also names. */
	private static QuerySyntaxException error(int position, String format, Object... args) {
		return new QuerySyntaxException(String.format(Locale.ROOT, format, args), position);
	}

}
