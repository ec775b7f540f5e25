package io.trailscope.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.trailscope.query.Field;
import io.trailscope.query.Fields;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.QuerySyntaxException;
import java.util.Objects;

/**
 * What the group-by view ({@code /events/stats}) groups by and how it orders the groups:
 * read from its URL parameters {@code by} (1–3 fields, comma-separated: core fields,
 * aliases or record paths), {@code distinct} (one more field whose distinct values are
 * counted per group), {@code order} ({@code count}, {@code rare}, {@code first},
 * {@code last}, or one of the {@code by} fields) and {@code top}.
 */
record GroupBy(List<Key> by, Key distinct, String sort, int top) {

	static final int MAX_FIELDS = 3;

	static final int DEFAULT_TOP = 50;

	static final int MAX_TOP = 100_000;

	static final List<String> SORTS = List.of("count", "rare", "first", "last");

	GroupBy {
		by = List.copyOf(by);
	}

	/**
	 * One field to group or count by.
	 *
	 * @param name the field as written in the URL
	 * @param expression SQL over alias {@code e} that gives its value as text
	 * @param dimension the rollup dimension that counts it, or null
	 * @param path the jsonpath bound for a record path, or null
	 */
	record Key(String name, String expression, Dimension dimension, String path) {
	}

	/**
	 * Reads the parameters; a problem is thrown as an {@link IllegalArgumentException}
	 * whose message says what is wrong.
	 */
	static GroupBy of(String by, String distinct, String sort, String top, int defaultTop) {
		if (by == null || by.isBlank()) {
			throw new IllegalArgumentException("Name 1 to 3 fields to group by, e.g. by=eventName,errorCode.");
		}
		List<Key> keys = new ArrayList<>();
		for (String name : by.split(",")) {
			if (name.isBlank()) {
				continue;
			}
			Key key = key(name.strip(), "g" + keys.size());
			if (keys.stream()
				.anyMatch(k -> k.expression().equals(key.expression()) && Objects.equals(k.path(), key.path()))) {
				throw new IllegalArgumentException("'" + name.strip() + "' is named twice in by.");
			}
			keys.add(key);
		}
		if (keys.isEmpty() || keys.size() > MAX_FIELDS) {
			throw new IllegalArgumentException("Group by 1 to " + MAX_FIELDS + " fields (got " + keys.size() + ").");
		}
		Key distinctKey = (distinct == null || distinct.isBlank()) ? null : key(distinct.strip(), "gd");
		String order = (sort == null || sort.isBlank()) ? "count" : sort.strip();
		if (!SORTS.contains(order) && keys.stream().noneMatch(k -> k.name().equals(order))) {
			throw new IllegalArgumentException(
					"Order is count, rare, first, last or one of the grouped fields (got '" + order + "').");
		}
		int limit = defaultTop;
		if (top != null && !top.isBlank()) {
			try {
				limit = Integer.parseInt(top.strip());
			}
			catch (NumberFormatException ex) {
				limit = -1;
			}
			if (limit < 1 || limit > MAX_TOP) {
				throw new IllegalArgumentException("The number of groups is 1 to " + MAX_TOP + " (got '" + top + "').");
			}
		}
		return new GroupBy(keys, distinctKey, order, limit);
	}

	/**
	 * The dimensions of the rollups that the keys need, or empty if any key has none (or
	 * a distinct count is asked).
	 */
	Optional<Integer> dimensions() {
		if (this.distinct != null) {
			return Optional.empty();
		}
		int mask = 0;
		for (Key key : this.by) {
			if (key.dimension() == null) {
				return Optional.empty();
			}
			mask |= key.dimension().bit();
		}
		return Optional.of(mask);
	}

	/** The fields as written, for the CSV header and the table. */
	List<String> names() {
		return this.by.stream().map(Key::name).toList();
	}

	private static Key key(String name, String param) {
		Optional<Field> named = Fields.resolve(name);
		if (named.isPresent()) {
			Field field = named.get();
			return switch (field.kind()) {
				case TEXT ->
					new Key(name, "e." + field.column(), Dimension.ofColumn(field.column()).orElse(null), null);
				case BOOLEAN -> new Key(name, "cast(e." + field.column() + " as text)",
						Dimension.ofColumn(field.column()).orElse(null), null);
				case ADDRESS -> new Key(name, "e.source_address", null, null);
				// the "who" as the lists show it
				case USER -> new Key(name, "e.principal", Dimension.PRINCIPAL, null);
				case ROLE -> new Key(name, "e.session_issuer_arn", null, null);
				case RESOURCE -> throw new IllegalArgumentException("'" + name
						+ "' matches several values of an event and cannot be grouped by: group by a record path "
						+ "such as resources.ARN.");
			};
		}
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.equals("eventtime") || lower.equals("@timestamp")) {
			// before the query's check of the field, which would say to choose the time
			// with the time range
			throw new IllegalArgumentException("Group by time with the histogram of the search page.");
		}
		if (!Fields.isRecordPath(name)) {
			try {
				QueryCompiler.checkField(name, -1);
			}
			catch (QuerySyntaxException ex) {
				throw new IllegalArgumentException(ex.getMessage(), ex);
			}
		}
		String path = QueryCompiler.jsonPath(Fields.recordPath(name));
		return new Key(name, "jsonb_path_query_first(e.record, cast(:" + param + " as jsonpath)) #>> '{}'", null, path);
	}
}
