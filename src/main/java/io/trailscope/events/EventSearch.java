package io.trailscope.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import io.trailscope.web.Keyset;
import io.trailscope.query.Query;
import io.trailscope.query.QueryParser;
import io.trailscope.query.SqlCondition;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.QuerySyntaxException;

/**
 * The whole state of an events search, read from and written back to the URL. The same
 * parameters drive {@code /events}, its fragments and the exports
 * ({@code /events/export.csv}, {@code /events/export.jsonl}):
 * <ul>
 * <li>{@code q}: the query language (see {@code /events/help}).</li>
 * <li>Filters, each repeatable, ANDed with {@code q}; several included values of one
 * filter are ORed (of {@code json}: those on the same path; of {@code text}: none, every
 * word must match). The included form is {@code <name>=value}, the excluded form
 * {@code not.<name>=value}, e.g. {@code account=111122223333&not.account=444455556666}.
 * Names: {@code account}, {@code region}, {@code source} (event source), {@code name}
 * (event name, {@code *} wildcards), {@code user} (user name, ARN, role or session),
 * {@code key} (access key), {@code identity} (identity type), {@code ip} (source IP,
 * exact or CIDR), {@code agent} (user agent contains), {@code error} ({@code any},
 * {@code none} or an error code), {@code readOnly} ({@code true}/{@code false}),
 * {@code type} (event type), {@code category} (event category), {@code resource} (ARN or
 * name), {@code json} ({@code path:value} on any JSON path of the record, {@code path:*}
 * for "present") and {@code text} (free text anywhere in the record).</li>
 * <li>Time: {@code range=15m|1h|24h|7d|30d|90d|all} (default {@code 24h}), or
 * {@code from} and/or {@code to} (ISO-8601 instants or dates, or {@code now},
 * {@code now-24h}, {@code now-7d}), which win over {@code range}.</li>
 * <li>{@code col}: the columns, repeatable, named ({@code time}, {@code who},
 * {@code event}, {@code source}, {@code region}, {@code account}, {@code ip},
 * {@code agent}, {@code error}, {@code key}, {@code identity}, {@code session}) or any
 * JSON path of the record.</li>
 * <li>{@code sort=oldest} for oldest first (newest first otherwise).</li>
 * <li>{@code after}: the keyset position of "load more" ({@code time~seq}).</li>
 * </ul>
 * Reading never throws: a malformed query, filter or time is kept as the
 * {@link #problem()} so the page can show it beside the form as it was typed.
 */
public final class EventSearch {

	static final String Q = "q";

	static final String RANGE = "range";

	static final String FROM = "from";

	static final String TO = "to";

	static final String COLUMN = "col";

	static final String SORT = "sort";

	static final String AFTER = "after";

	/**
	 * Stateless: every search is compiled once, when it is read, and the condition kept
	 * with it.
	 */
	private static final QueryCompiler COMPILER = new QueryCompiler();

	/** The prefix of the compiled query's parameters. */
	private static final String PARAMETERS = "q";

	private final String q;

	private final Query parsed;

	private final List<Filter> filters;

	private final TimeRange time;

	private final List<Column> columns;

	private final boolean explicitColumns;

	private final boolean oldestFirst;

	private final Keyset after;

	private final Problem problem;

	/**
	 * The query compiled, once asked for; carried by the variants that keep the query.
	 */
	private SqlCondition condition;

	private EventSearch(String q, Query parsed, List<Filter> filters, TimeRange time, List<Column> columns,
			boolean explicitColumns, boolean oldestFirst, Keyset after, Problem problem) {
		this(q, parsed, filters, time, columns, explicitColumns, oldestFirst, after, problem, null);
	}

	private EventSearch(String q, Query parsed, List<Filter> filters, TimeRange time, List<Column> columns,
			boolean explicitColumns, boolean oldestFirst, Keyset after, Problem problem, SqlCondition condition) {
		this.q = q;
		this.parsed = parsed;
		this.filters = List.copyOf(filters);
		this.time = time;
		this.columns = List.copyOf(columns);
		this.explicitColumns = explicitColumns;
		this.oldestFirst = oldestFirst;
		this.after = after;
		this.problem = problem;
		this.condition = condition;
	}

	/**
	 * Reads a search from request parameters.
	 * @param parameters the request's parameters (a servlet parameter map or a
	 * {@link MultiValueMap})
	 * @param now the instant relative ranges are measured from
	 */
	public static EventSearch of(Map<String, ? extends List<String>> parameters, Instant now) {
		Problem problem = null;
		String q = first(parameters, Q);
		Query parsed = null;
		if (q != null) {
			try {
				parsed = QueryParser.parse(q);
			}
			catch (QuerySyntaxException ex) {
				problem = new Problem(ex.getMessage(), q, ex.position());
			}
		}
		List<Filter> filters = new ArrayList<>();
		Set<Filter> seen = new LinkedHashSet<>();
		for (Map.Entry<String, ? extends List<String>> entry : parameters.entrySet()) {
			String name = entry.getKey();
			boolean excluded = name.startsWith("not.");
			FilterKind kind = FilterKind.ofParameter(excluded ? name.substring(4) : name);
			if (kind == null || entry.getValue() == null) {
				continue;
			}
			for (String value : entry.getValue()) {
				if (value != null && !value.isBlank()) {
					Filter filter = new Filter(kind, value, excluded);
					if (seen.add(filter)) {
						filters.add(filter);
					}
				}
			}
		}
		filters.sort(Comparator.comparing((Filter f) -> f.kind().ordinal()));
		for (Filter filter : filters) {
			try {
				filter.node();
			}
			catch (IllegalArgumentException ex) {
				problem = (problem != null) ? problem : new Problem(ex.getMessage(), null, -1);
			}
		}
		TimeRange time;
		try {
			time = TimeRange.of(first(parameters, RANGE), first(parameters, FROM), first(parameters, TO), now);
		}
		catch (IllegalArgumentException ex) {
			problem = (problem != null) ? problem : new Problem(ex.getMessage(), null, -1);
			time = TimeRange.of(null, null, null, now);
		}
		List<Column> columns = new ArrayList<>();
		List<String> requested = all(parameters, COLUMN);
		for (String id : requested) {
			try {
				Column column = Column.of(id);
				if (columns.stream().noneMatch(c -> c.id().equals(column.id()))) {
					columns.add(column);
				}
			}
			catch (IllegalArgumentException ex) {
				problem = (problem != null) ? problem : new Problem(ex.getMessage(), null, -1);
			}
		}
		if (columns.stream().filter(Column::json).count() > Column.MAX_PATH_COLUMNS) {
			problem = (problem != null) ? problem
					: new Problem("At most " + Column.MAX_PATH_COLUMNS + " JSON path columns.", null, -1);
			columns.removeIf(Column::json);
		}
		boolean explicitColumns = !columns.isEmpty();
		if (!explicitColumns) {
			Column.DEFAULTS.forEach(id -> columns.add(Column.of(id)));
		}
		String sort = first(parameters, SORT);
		boolean oldestFirst = "oldest".equals(sort);
		if (sort != null && !oldestFirst && !"newest".equals(sort)) {
			problem = (problem != null) ? problem : new Problem("Sort is newest or oldest.", null, -1);
		}
		Keyset after = null;
		try {
			after = Keyset.parse(first(parameters, AFTER));
			if (after != null) {
				// the results are ordered by (time, seq): a position whose tiebreak is no
				// number is malformed
				after.tiebreakNumber();
			}
		}
		catch (IllegalArgumentException ex) {
			problem = (problem != null) ? problem : new Problem(ex.getMessage(), null, -1);
		}
		EventSearch search = new EventSearch(q, parsed, filters, time, columns, explicitColumns, oldestFirst, after,
				problem);
		if (problem == null) {
			try {
				// an unknown field or a value its field cannot compare is found by
				// compiling
				search.condition();
			}
			catch (QuerySyntaxException ex) {
				search = new EventSearch(q, parsed, filters, time, columns, explicitColumns, oldestFirst, after,
						new Problem(ex.getMessage(), null, -1));
			}
		}
		return search;
	}

	/** Why this search cannot run (a malformed query, filter, time or column), if so. */
	public Optional<String> problem() {
		return Optional.ofNullable(this.problem).map(Problem::message);
	}

	/** The ids of the selected columns ({@code col} values, or the default set). */
	public List<String> columnIds() {
		return this.columns.stream().map(Column::id).toList();
	}

	/**
	 * The CSV export's header of each selected column, in {@link #columnIds()}'s order.
	 */
	public List<String> columnHeaders() {
		return this.columns.stream().map(Column::header).toList();
	}

	/** The group-by view of this search, grouped by {@code by}. */
	public String statsUrl(String by) {
		MultiValueMap<String, String> parameters = after(null).parameters();
		parameters.add("by", by);
		return Urls.of("/events/stats", parameters);
	}

	/** The search as a URL on {@code path} with the same parameters. */
	public String url(String path) {
		return Urls.of(path, parameters());
	}

	// ---- package-private state
	// ---------------------------------------------------------------------

	Problem problemDetail() {
		return this.problem;
	}

	String q() {
		return this.q;
	}

	List<Filter> filters() {
		return this.filters;
	}

	TimeRange time() {
		return this.time;
	}

	List<Column> columns() {
		return this.columns;
	}

	boolean explicitColumns() {
		return this.explicitColumns;
	}

	boolean oldestFirst() {
		return this.oldestFirst;
	}

	Keyset after() {
		return this.after;
	}

	List<String> values(FilterKind kind, boolean excluded) {
		return this.filters.stream()
			.filter(f -> f.kind() == kind && f.excluded() == excluded)
			.map(Filter::value)
			.toList();
	}

	boolean has(Filter filter) {
		return this.filters.contains(filter);
	}

	/**
	 * The query the whole search stands for: {@code q} AND each filter kind (its included
	 * values ORed) AND each excluded value negated. Only valid when there is no
	 * {@link #problem()}.
	 */
	Query query() {
		List<Query> parts = new ArrayList<>();
		if (this.parsed != null) {
			parts.add(this.parsed);
		}
		Map<String, List<Query>> included = new LinkedHashMap<>();
		for (Filter filter : this.filters) {
			if (!filter.excluded()) {
				included.computeIfAbsent(filter.group(), k -> new ArrayList<>()).add(filter.node());
			}
		}
		included.values().forEach(alternatives -> parts.add(Queries.or(alternatives)));
		this.filters.stream().filter(Filter::excluded).map(Filter::node).forEach(parts::add);
		return Queries.and(parts);
	}

	/**
	 * The {@link #query()} as an SQL condition on the events alias {@code e}, its
	 * parameters prefixed {@code q}: compiled on the first call, then kept. Only valid
	 * when there is no {@link #problem()}.
	 */
	SqlCondition condition() {
		if (this.condition == null) {
			this.condition = COMPILER.compile(query(), PARAMETERS);
		}
		return this.condition;
	}

	/** The query language text equivalent to {@code q} and the filters together. */
	String equivalentQuery() {
		return Queries.text(query());
	}

	// ---- variants, for links
	// ------------------------------------------------------------------------

	EventSearch with(Filter filter) {
		List<Filter> next = new ArrayList<>(this.filters);
		next.remove(filter.negated());
		if (!next.contains(filter)) {
			next.add(filter);
		}
		return withFilters(next);
	}

	EventSearch without(Filter filter) {
		List<Filter> next = new ArrayList<>(this.filters);
		next.remove(filter);
		return withFilters(next);
	}

	EventSearch negating(Filter filter) {
		List<Filter> next = new ArrayList<>(this.filters);
		int index = next.indexOf(filter);
		if (index >= 0) {
			next.set(index, filter.negated());
		}
		return withFilters(next);
	}

	/**
	 * The same window, columns and order with {@code q} replaced and no filters: the
	 * query box alone.
	 */
	EventSearch onlyQuery(String query) {
		Query parsed = null;
		try {
			parsed = (query == null || query.isBlank()) ? null : QueryParser.parse(query);
		}
		catch (QuerySyntaxException ex) {
			// the equivalent query of a valid search parses back; keep the text as it is
			// otherwise
		}
		return new EventSearch(query, parsed, List.of(), this.time, this.columns, this.explicitColumns,
				this.oldestFirst, null, this.problem);
	}

	/**
	 * The search narrowed by one more query term, for what no filter can hold
	 * ({@code -errorCode:*}, the events without a value). The query box's text is kept in
	 * parentheses, so a top-level OR in it stays an OR of its own.
	 */
	EventSearch withQueryTerm(String term) {
		String query = (this.q == null || this.q.isBlank()) ? term : "(" + this.q + ") " + term;
		Query parsed;
		try {
			parsed = QueryParser.parse(query);
		}
		catch (QuerySyntaxException ex) {
			throw new IllegalArgumentException("not a query term: " + term, ex);
		}
		return new EventSearch(query, parsed, this.filters, this.time, this.columns, this.explicitColumns,
				this.oldestFirst, null, this.problem);
	}

	/** The search with one more column, for "add as column"; itself if it is shown. */
	EventSearch withColumn(String id) {
		if (columnIds().contains(id)) {
			return this;
		}
		List<Column> next = new ArrayList<>(this.columns);
		next.add(Column.of(id));
		return new EventSearch(this.q, this.parsed, this.filters, this.time, next, true, this.oldestFirst, null,
				this.problem, this.condition);
	}

	EventSearch withTime(TimeRange range) {
		return new EventSearch(this.q, this.parsed, this.filters, range, this.columns, this.explicitColumns,
				this.oldestFirst, null, this.problem, this.condition);
	}

	EventSearch after(Keyset position) {
		return new EventSearch(this.q, this.parsed, this.filters, this.time, this.columns, this.explicitColumns,
				this.oldestFirst, position, this.problem, this.condition);
	}

	EventSearch sorted(boolean oldest) {
		return new EventSearch(this.q, this.parsed, this.filters, this.time, this.columns, this.explicitColumns, oldest,
				null, this.problem, this.condition);
	}

	private EventSearch withFilters(List<Filter> next) {
		next.sort(Comparator.comparing((Filter f) -> f.kind().ordinal()));
		return new EventSearch(this.q, this.parsed, next, this.time, this.columns, this.explicitColumns,
				this.oldestFirst, null, this.problem);
	}

	/** The URL parameters of this search, in a canonical order. */
	MultiValueMap<String, String> parameters() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (this.q != null) {
			parameters.add(Q, this.q);
		}
		for (Filter filter : this.filters) {
			parameters.add(filter.parameter(), filter.value());
		}
		parameters.setAll(this.time.parameters());
		if (this.explicitColumns && !columnIds().equals(Column.DEFAULTS)) {
			this.columns.forEach(c -> parameters.add(COLUMN, c.id()));
		}
		if (this.oldestFirst) {
			parameters.add(SORT, "oldest");
		}
		if (this.after != null) {
			parameters.add(AFTER, this.after.toString());
		}
		return parameters;
	}

	/** The first non-blank value of a parameter. */
	private static String first(Map<String, ? extends List<String>> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null) {
			return null;
		}
		return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst().orElse(null);
	}

	private static List<String> all(Map<String, ? extends List<String>> parameters, String name) {
		List<String> values = parameters.get(name);
		return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
	}

	/**
	 * Why a search cannot run.
	 *
	 * @param message what is wrong and where
	 * @param query the query text, when the problem is in it
	 * @param position the offset in {@code query} the problem is at, or -1
	 */
	record Problem(String message, String query, int position) {

		/**
		 * The query with a caret under the offending character, as two lines for a
		 * {@code <pre>}.
		 */
		public String caret() {
			return QuerySyntaxException.caret(this.query, this.position);
		}
	}

}
