package io.trailscope.query;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A parsed query of the events query language (see {@link QueryParser} for the grammar).
 *
 * <p>
 * {@link #toQueryString()} gives a canonical text that parses back to an equal query for
 * every query the parser produces, and for hand-built ones whose {@code And}/{@code Or}
 * have at least two terms and whose unquoted values hold no whitespace, parentheses or
 * quotes.
 */
public sealed interface Query permits Query.And, Query.Or, Query.Not, Query.Match, Query.Exists, Query.Text, Query.All {

	/** All terms must match. */
	record And(List<Query> terms) implements Query {

		public And {
			terms = List.copyOf(terms);
		}

		@Override
		public String toQueryString() {
			return this.terms.stream()
				.map((term) -> ((term instanceof Or && !Or.compact(term)) || term instanceof And || term instanceof All)
						? "(" + term.toQueryString() + ")" : term.toQueryString())
				.collect(Collectors.joining(" "));
		}
	}

	/** Any term matches. */
	record Or(List<Query> terms) implements Query {

		public Or {
			terms = List.copyOf(terms);
		}

		@Override
		public String toQueryString() {
			String field = commonField(this.terms);
			if (field != null) {
				// field:(a OR b) rather than field:a OR field:b: shorter, and what
				// analysts type
				return field + ":("
						+ this.terms.stream().map((term) -> valueText((Match) term)).collect(Collectors.joining(" OR "))
						+ ")";
			}
			return this.terms.stream()
				.map((term) -> (term instanceof Or || term instanceof All) ? "(" + term.toQueryString() + ")"
						: term.toQueryString())
				.collect(Collectors.joining(" OR "));
		}

		/**
		 * True for an {@code Or} written field:(a OR b), which needs no parentheses
		 * around it.
		 */
		private static boolean compact(Query query) {
			return query instanceof Or or && commonField(or.terms()) != null;
		}

		private static String commonField(List<Query> terms) {
			if (terms.size() < 2) {
				return null;
			}
			String field = null;
			for (Query term : terms) {
				if (!(term instanceof Match match) || (field != null && !field.equals(match.field()))) {
					return null;
				}
				field = match.field();
			}
			return field;
		}
	}

	/**
	 * The term does not match; a missing value (NULL column, absent path) counts as not
	 * matching.
	 */
	record Not(Query term) implements Query {

		public Not {
			Objects.requireNonNull(term, "term");
		}

		@Override
		public String toQueryString() {
			if (this.term instanceof Match || this.term instanceof Exists || this.term instanceof Text
					|| Or.compact(this.term)) {
				return "-" + this.term.toQueryString();
			}
			return (this.term instanceof Not) ? "NOT " + this.term.toQueryString()
					: "NOT (" + this.term.toQueryString() + ")";
		}
	}

	/**
	 * {@code field:value}. An unquoted value may hold {@code *} wildcards; a quoted one
	 * is literal. The field is kept as typed and resolved by {@link Fields} (names and
	 * aliases are case-insensitive).
	 */
	record Match(String field, String value, boolean quoted) implements Query {

		public Match {
			Objects.requireNonNull(field, "field");
			Objects.requireNonNull(value, "value");
		}

		public static Match of(String field, String value) {
			return new Match(field, value, false);
		}

		public static Match quoted(String field, String value) {
			return new Match(field, value, true);
		}

		/**
		 * A match of exactly this value, written the most readable way: unquoted where
		 * that means the same ({@code eventName:ConsoleLogin}), quoted where the value
		 * holds spaces, parentheses, quotes or stars. For click-to-filter on a value
		 * taken from a record.
		 */
		public static Match literal(String field, String value) {
			boolean quote = value.indexOf('*') >= 0 || QueryParser.needsQuotes(value);
			return new Match(field, value, quote);
		}

		/** The value as {@link #toQueryString()} writes it after the colon. */
		public String valueText() {
			return Query.valueText(this);
		}

		/** True for an unquoted value with a {@code *} in it. */
		public boolean wildcard() {
			return !this.quoted && this.value.indexOf('*') >= 0;
		}

		@Override
		public String toQueryString() {
			return this.field + ":" + Query.valueText(this);
		}
	}

	/** {@code field:*}: the field is present (and, for text, not empty). */
	record Exists(String field) implements Query {

		public Exists {
			Objects.requireNonNull(field, "field");
		}

		@Override
		public String toQueryString() {
			return this.field + ":*";
		}
	}

	/**
	 * A bare word or a {@code "quoted phrase"}: a value anywhere in the record (whole
	 * values and their parts, case-insensitive). An unquoted word may hold {@code *}
	 * wildcards.
	 */
	record Text(String text, boolean quoted) implements Query {

		public Text {
			Objects.requireNonNull(text, "text");
		}

		public static Text word(String text) {
			return new Text(text, false);
		}

		public static Text phrase(String text) {
			return new Text(text, true);
		}

		/** True for an unquoted word with a {@code *} in it. */
		public boolean wildcard() {
			return !this.quoted && this.text.indexOf('*') >= 0;
		}

		@Override
		public String toQueryString() {
			return this.quoted || needsQuotes(this.text) || QueryParser.isKeyword(this.text)
					|| this.text.startsWith("-") || this.text.indexOf(':') >= 0 ? quote(this.text) : this.text;
		}
	}

	/** The empty query: matches everything. */
	record All() implements Query {

		@Override
		public String toQueryString() {
			return "";
		}
	}

	/**
	 * Canonical text that parses back to an equal query (for chips and the "equivalent
	 * query" line).
	 */
	String toQueryString();

	/**
	 * The terms that are ANDed at the top: an {@code And}'s terms, nothing for
	 * {@link All}, else the query itself. Chips are these;
	 * {@code Query.and(conjuncts + more)} narrows a query.
	 */
	default List<Query> conjuncts() {
		if (this instanceof And and) {
			return and.terms();
		}
		return (this instanceof All) ? List.of() : List.of(this);
	}

	/** All terms, collapsing the trivial cases: none is {@link All}, one is itself. */
	static Query and(List<Query> terms) {
		List<Query> real = terms.stream().filter((term) -> !(term instanceof All)).toList();
		return real.isEmpty() ? new All() : (real.size() == 1) ? real.get(0) : new And(real);
	}

	/**
	 * Any of the terms, collapsing the trivial case of one; an {@link All} among them
	 * makes all.
	 */
	static Query or(List<Query> terms) {
		if (terms.isEmpty() || terms.stream().anyMatch((term) -> term instanceof All)) {
			return new All();
		}
		return (terms.size() == 1) ? terms.get(0) : new Or(terms);
	}

	static Query not(Query term) {
		return new Not(term);
	}

	/**
	 * The value as it is written in a query: quoted with {@code \"} and {@code \\}
	 * escapes when needed.
	 */
	private static String valueText(Match match) {
		return (match.quoted() || needsQuotes(match.value()) || match.value().equals("*")) ? quote(match.value())
				: match.value();
	}

	private static boolean needsQuotes(String value) {
		return QueryParser.needsQuotes(value);
	}

	private static String quote(String value) {
		return QueryParser.quote(value);
	}

}
