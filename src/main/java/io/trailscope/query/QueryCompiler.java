package io.trailscope.query;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import io.trailscope.query.Field.Kind;
import io.trailscope.query.Query.And;
import io.trailscope.query.Query.Exists;
import io.trailscope.query.Query.Match;
import io.trailscope.query.Query.Not;
import io.trailscope.query.Query.Or;
import io.trailscope.query.Query.Text;

/**
 * Turns a {@link Query} into an {@link SqlCondition} on the events table under alias
 * {@code e}.
 *
 * <ul>
 * <li>Named fields compare their column: {@code =} for an exact value (served by the
 * {@code (column, event_time desc)} btrees), {@code LIKE} for {@code *} wildcards, with
 * LIKE's own {@code %} {@code _} {@code \} escaped. Values are case-sensitive, as in
 * CloudTrail.</li>
 * <li>sourceIPAddress with an address or CIDR:
 * {@code source_ip <<= cast(:p as inet)}.</li>
 * <li>Record paths become a jsonpath predicate bound as a parameter,
 * {@code e.record @@ cast(:p as jsonpath)} (the {@code jsonb_path_ops} GIN serves
 * equality; lax mode looks through arrays). An unquoted number or boolean matches the
 * JSON number or boolean as well as the string.</li>
 * <li>Free text: {@code e.search_terms @> array[...]} with the terms split as the loader
 * splits them ({@link SearchTerms}); a wildcard word scans the terms of the rows (not
 * index-served).</li>
 * <li>{@code NOT x} is {@code not coalesce((x), false)}: an event without the field does
 * not match {@code x}, so it matches {@code NOT x}.</li>
 * </ul>
 * No value ever becomes part of the SQL text.
 */
@Component
public final class QueryCompiler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern JSON_NUMBER = Pattern
		.compile("-?(0|[1-9]\\d{0,30})(\\.\\d{1,30})?([eE][+-]?\\d{1,3})?");

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9]+(\\.[0-9]+){3}");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

	private static final List<String> USER_COLUMNS = List.of("principal", "user_name", "principal_arn",
			"session_issuer_user_name");

	private static final List<String> ROLE_COLUMNS = List.of("session_issuer_user_name", "session_issuer_arn");

	public QueryCompiler() {
	}

	/**
	 * The condition of a query; its parameters are named {@code paramPrefix} followed by
	 * a number, so conditions compiled with different prefixes (none a prefix of another)
	 * combine.
	 * @throws QuerySyntaxException for an unknown field or a bad value (position -1)
	 */
	public SqlCondition compile(Query query, String paramPrefix) {
		if (paramPrefix == null || !PREFIX.matcher(paramPrefix).matches()) {
			throw new IllegalArgumentException("parameter prefix must be an SQL identifier: " + paramPrefix);
		}
		Compilation compilation = new Compilation(paramPrefix);
		String sql = compilation.condition(query);
		return new SqlCondition(sql, compilation.params);
	}

	/**
	 * Rejects a field that is neither named nor a record path, and a record path no index
	 * can bound (see {@link #checkWildcards}). The parser calls this with the field's
	 * position, the compiler with -1, so a path from a form filter is held to the same
	 * rules as one typed.
	 */
	public static void checkField(String field, int position) {
		if (Fields.resolve(field).isPresent()) {
			return;
		}
		if (Fields.isRecordPath(field)) {
			checkWildcards(field, position);
			return;
		}
		if (field.equalsIgnoreCase("eventTime") || field.equalsIgnoreCase("@timestamp")) {
			throw new QuerySyntaxException(at("'" + field + "' cannot be searched in the query", position)
					+ ": choose the time with the time range.", position);
		}
		if (field.indexOf('.') >= 0) {
			throw new QuerySyntaxException(at("'" + field + "' is not a valid path: segments are separated by single "
					+ "dots (requestParameters.bucketName)", position) + ".", position);
		}
		String suggestion = Fields.closest(field)
			.map((name) -> ": did you mean '" + name + "'?")
			.orElse(": use a field of the help page or a record path such as requestParameters." + field + ".");
		throw new QuerySyntaxException(at("Unknown field '" + field + "'", position) + suggestion, position);
	}

	/**
	 * Rejects a value its field cannot compare: a non-boolean for a boolean, a bad
	 * address or CIDR.
	 */
	static void check(Query atom, int position) {
		if (atom instanceof Exists exists) {
			checkField(exists.field(), position);
		}
		if (!(atom instanceof Match match)) {
			return;
		}
		checkField(match.field(), position);
		Optional<Field> field = Fields.resolve(match.field());
		if (field.isEmpty()) {
			return;
		}
		if (field.get().kind() == Kind.BOOLEAN && booleanValue(match.value()) == null) {
			throw new QuerySyntaxException(
					at("'" + field.get().name() + "' is true or false, not '" + match.value() + "'", position) + ".",
					position);
		}
		if (field.get().kind() == Kind.ADDRESS && !match.wildcard() && network(match.value()) == Network.INVALID) {
			throw new QuerySyntaxException(at("'" + match.value() + "' is not a valid address or CIDR "
					+ "(203.0.113.7, 72.21.0.0/16, 2001:db8::/32)", position) + ".", position);
		}
	}

	/**
	 * A path may hold one {@code **}: each further one walks every descendant of every
	 * node the previous one reached, so a few of them cost a power of the record's size
	 * on every row. And a path of wildcards alone names nothing to look for and visits
	 * the whole record.
	 */
	private static void checkWildcards(String path, int position) {
		int anyDepth = 0;
		boolean named = false;
		int offset = 0;
		for (String segment : path.split("\\.", -1)) {
			if (segment.equals("**") && ++anyDepth == 2) {
				int at = (position >= 0) ? position + offset : -1;
				throw new QuerySyntaxException(
						"At most one ** (any depth) in a path" + ((at >= 0) ? ", at position " + at : "") + ": '" + path
								+ "' has more; keep one ** and name the keys around it.",
						at);
			}
			named |= !segment.equals("*") && !segment.equals("**");
			offset += segment.length() + 1;
		}
		if (!named) {
			throw new QuerySyntaxException(
					at("The path '" + path + "' names no key", position)
							+ ": write at least one key, as in requestParameters.**:value or **.bucketName:value.",
					position);
		}
	}

	private static String at(String message, int position) {
		return (position >= 0) ? message + " at position " + position : message;
	}

	private static Boolean booleanValue(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> null;
		};
	}

	private enum Network {

		/** An address or CIDR for the inet column. */
		ADDRESS,
		/** Not address-like: a service name or "AWS Internal", compared as written. */
		TEXT,
		/** Looks like an address or CIDR and is not one. */
		INVALID

	}

	private static Network network(String value) {
		int slash = value.indexOf('/');
		String address = (slash >= 0) ? value.substring(0, slash) : value;
		boolean v4 = IPV4.matcher(address).matches();
		boolean v6 = !v4 && address.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(address).matches() && ipv6(address);
		if (slash < 0) {
			if (v4 || v6) {
				return Network.ADDRESS;
			}
			boolean addressLike = DOTTED_NUMBERS.matcher(address).matches()
					|| (address.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(address).matches());
			return addressLike ? Network.INVALID : Network.TEXT;
		}
		String bits = value.substring(slash + 1);
		if (!(v4 || v6) || !bits.matches("\\d{1,3}") || Integer.parseInt(bits) > (v4 ? 32 : 128)) {
			return Network.INVALID;
		}
		return Network.ADDRESS;
	}

	private static boolean ipv6(String literal) {
		try {
			// a literal with ':' is parsed, never looked up
			return InetAddress.getByName(literal).getAddress().length == 16 || literal.indexOf('.') >= 0;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * LIKE pattern of a value with {@code *} wildcards; LIKE's own metacharacters stay
	 * literal.
	 */
	static String likePattern(String value) {
		StringBuilder pattern = new StringBuilder(value.length() + 8);
		for (char c : value.toCharArray()) {
			switch (c) {
				case '\\', '%', '_' -> pattern.append('\\').append(c);
				case '*' -> pattern.append('%');
				default -> pattern.append(c);
			}
		}
		return pattern.toString();
	}

	/** A LIKE pattern matching the literal text (stars included) anywhere. */
	private static String containsPattern(String text) {
		StringBuilder pattern = new StringBuilder(text.length() + 8).append('%');
		for (char c : text.toCharArray()) {
			if (c == '\\' || c == '%' || c == '_') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.append('%').toString();
	}

	/**
	 * An anchored jsonpath {@code like_regex} (POSIX) of a value with {@code *}
	 * wildcards, all else literal.
	 */
	static String regex(String value) {
		StringBuilder regex = new StringBuilder("^");
		for (char c : value.toCharArray()) {
			if (c == '*') {
				regex.append(".*");
			}
			else if (c < 128 && !Character.isLetterOrDigit(c)) {
				// in an ARE a backslash before a non-alphanumeric character makes it
				// literal
				regex.append('\\').append(c);
			}
			else {
				regex.append(c);
			}
		}
		return regex.append('$').toString();
	}

	/** A JSON string literal, which is also a jsonpath string literal. */
	static String jsonString(String value) {
		return JSON.writeValueAsString(value);
	}

	/**
	 * The jsonpath of a record path, every key quoted:
	 * {@code $."requestParameters"."groupId"}; a segment {@code *} is any key, {@code **}
	 * any depth (neither is index-served).
	 */
	public static String jsonPath(List<String> segments) {
		return "$" + segments.stream().map((segment) -> switch (segment) {
			case "*" -> ".*";
			case "**" -> ".**";
			default -> "." + jsonString(segment);
		}).collect(Collectors.joining());
	}

	/** One compilation: numbers the parameters. */
	private static final class Compilation {

		private final String prefix;

		private final Map<String, Object> params = new LinkedHashMap<>();

		Compilation(String prefix) {
			this.prefix = prefix;
		}

		String condition(Query query) {
			if (query instanceof And and) {
				return and.terms().isEmpty() ? "true" : join(and.terms(), " and ");
			}
			if (query instanceof Or or) {
				return or.terms().isEmpty() ? "false" : join(or.terms(), " or ");
			}
			if (query instanceof Not not) {
				return "not coalesce((" + condition(not.term()) + "), false)";
			}
			if (query instanceof Match match) {
				return match(match);
			}
			if (query instanceof Exists exists) {
				return exists(exists);
			}
			if (query instanceof Text text) {
				return text(text);
			}
			return "true";
		}

		private String join(List<Query> terms, String operator) {
			if (terms.size() == 1) {
				return condition(terms.get(0));
			}
			return terms.stream().map((term) -> "(" + condition(term) + ")").collect(Collectors.joining(operator));
		}

		private String match(Match match) {
			check(match, -1);
			Optional<Field> named = Fields.resolve(match.field());
			if (named.isEmpty()) {
				return recordMatch(Fields.recordPath(match.field()), match);
			}
			Field field = named.get();
			String value = match.value();
			String operator = match.wildcard() ? " like " : " = ";
			Object bound = match.wildcard() ? likePattern(value) : value;
			return switch (field.kind()) {
				case TEXT -> "e." + field.column() + operator + param(bound);
				case BOOLEAN -> "e." + field.column() + " = " + param(booleanValue(value));
				case ADDRESS -> (!match.wildcard() && network(value) == Network.ADDRESS)
						? "e.source_ip <<= cast(" + param(value) + " as inet)"
						: "e.source_address" + operator + param(bound);
				case USER -> anyColumn(USER_COLUMNS, operator, param(bound));
				case ROLE -> anyColumn(ROLE_COLUMNS, operator, param(bound));
				case RESOURCE -> resource(match);
			};
		}

		private String anyColumn(List<String> columns, String operator, String param) {
			return "(" + columns.stream()
				.map((column) -> "e." + column + operator + param)
				.collect(Collectors.joining(" or ")) + ")";
		}

		private String resource(Match match) {
			if (match.wildcard()) {
				String arn = jsonPath(List.of("resources")) + "[*]." + jsonString("ARN") + " like_regex "
						+ jsonString(regex(match.value()));
				return "(e.record @@ cast(" + param(arn) + " as jsonpath) or " + wildcardTerm(match.value()) + ")";
			}
			ObjectNode contained = JSON.createObjectNode();
			contained.putArray("resources").addObject().put("ARN", match.value());
			return "(e.record @> cast(" + param(JSON.writeValueAsString(contained)) + " as jsonb) or "
					+ terms(match.value()) + ")";
		}

		private String exists(Exists exists) {
			check(exists, -1);
			Optional<Field> named = Fields.resolve(exists.field());
			if (named.isEmpty()) {
				return "e.record @@ cast(" + param("exists(" + jsonPath(Fields.recordPath(exists.field())) + ")")
						+ " as jsonpath)";
			}
			Field field = named.get();
			return switch (field.kind()) {
				case TEXT -> "e." + field.column() + " <> ''";
				case BOOLEAN -> "e." + field.column() + " is not null";
				case ADDRESS -> "e.source_address <> ''";
				case USER -> "e.principal <> ''";
				case ROLE -> "e.session_issuer_arn <> ''";
				case RESOURCE ->
					"e.record @@ cast(" + param("exists(" + jsonPath(List.of("resources")) + "[*])") + " as jsonpath)";
			};
		}

		private String recordMatch(List<String> segments, Match match) {
			String path = jsonPath(segments);
			String predicate;
			if (match.wildcard()) {
				predicate = path + " like_regex " + jsonString(regex(match.value()));
			}
			else {
				List<String> alternatives = new ArrayList<>();
				alternatives.add(path + " == " + jsonString(match.value()));
				if (!match.quoted() && JSON_NUMBER.matcher(match.value()).matches()) {
					alternatives.add(path + " == " + match.value());
				}
				Boolean bool = match.quoted() ? null : booleanValue(match.value());
				if (bool != null) {
					alternatives.add(path + " == " + bool);
				}
				predicate = String.join(" || ", alternatives);
			}
			return "e.record @@ cast(" + param(predicate) + " as jsonpath)";
		}

		private String text(Text text) {
			if (text.text().isBlank()) {
				throw new QuerySyntaxException("Empty phrase: put some text between the quotes.", -1);
			}
			return text.wildcard() ? wildcardTerm(text.text()) : terms(text.text());
		}

		/**
		 * A word with {@code *}: scans the terms of each row, so it needs another filter
		 * or a time range.
		 */
		private String wildcardTerm(String word) {
			String normalized = SearchTerms.normalize(word);
			if (normalized.chars().allMatch((c) -> c == '*')) {
				return "true";
			}
			return "exists (select 1 from unnest(e.search_terms) t where t like " + param(likePattern(normalized))
					+ ")";
		}

		/**
		 * A word or phrase as stored terms: the whole (lower-cased) value, or, for a
		 * compound text, all its parts and the text itself somewhere in the record, so
		 * that {@code "alice smith"} also finds a longer value that contains it.
		 */
		private String terms(String text) {
			String whole = SearchTerms.normalize(text);
			boolean indexed = SearchTerms.indexed(whole);
			String wholeTerm = (indexed && whole.length() <= SearchTerms.MAX_TERM_LENGTH) ? termsContain(List.of(whole))
					: null;
			// the record's text has the phrase as a JSON string body: escaped the same
			// way
			String quoted = jsonString(text);
			if (!SearchTerms.isCompound(whole)) {
				if (!indexed) {
					// not stored as a term (a short number, a boolean): a whole string
					// value in the record
					return "e.record::text ilike " + param(containsPattern(quoted));
				}
				return (wholeTerm != null) ? wholeTerm : "false";
			}
			List<String> parts = indexed ? SearchTerms.parts(whole) : List.of();
			String inRecord = "e.record::text ilike "
					+ param(containsPattern(quoted.substring(1, quoted.length() - 1)));
			String partsInRecord = parts.isEmpty() ? inRecord : "(" + termsContain(parts) + " and " + inRecord + ")";
			return (wholeTerm != null) ? "(" + wholeTerm + " or " + partsInRecord + ")" : partsInRecord;
		}

		private String termsContain(List<String> terms) {
			return "e.search_terms @> array[" + terms.stream()
				.distinct()
				.map((term) -> "cast(" + param(term) + " as text)")
				.collect(Collectors.joining(", ")) + "]";
		}

		private String param(Object value) {
			String name = this.prefix + this.params.size();
			this.params.put(name, value);
			return ":" + name;
		}

	}

}
