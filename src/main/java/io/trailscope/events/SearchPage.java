package io.trailscope.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.trailscope.web.Slice;

/**
 * What the search page ({@code events/search}) shows, worked out before the template
 * runs: the form as the search fills it, its chips, the links of the page, and the rows
 * with their count.
 *
 * @param count null when the rows are not counted (a "load more" page, a refused query)
 * @param elapsedMs how long the rows and the count took, null when not read
 */
record SearchPage(EventSearch search, EventSearch.Problem problem, TimeRange time, List<FormRow> form, List<Chip> chips,
		List<Column> columns, List<String> selectedColumns, List<String> pathColumns, String equivalentQuery,
		String equivalentUrl, Links links, Slice<ResultRow> results, EventStore.Count count, Long elapsedMs) {

	/** The named columns the column picker offers. */
	public NamedColumn[] namedColumns() {
		return NamedColumn.values();
	}

	/** The choices of relative ranges. */
	public Map<String, String> ranges() {
		return TimeRange.RANGES;
	}

	public String q() {
		return this.search.q();
	}

	public boolean oldestFirst() {
		return this.search.oldestFirst();
	}

	/** Whether this is a "load more" page: not the first of the search. */
	public boolean paged() {
		return this.search.after() != null;
	}

	/** The page's title: the query and the time it covers. */
	public String title() {
		String q = q();
		String what = (q == null || q.isBlank()) ? "Events" : q.strip();
		if (what.length() > 80) {
			what = what.substring(0, 79) + "…";
		}
		return what + " · " + this.time.label();
	}

	/** The page of a search, with the rows as given. */
	static SearchPage of(EventSearch search, Slice<ResultRow> results, EventStore.Count count, Long elapsedMs) {
		String equivalent = search.problemDetail() == null ? search.equivalentQuery() : null;
		EventSearch first = search.after(null);
		String canonical = first.url("/events");
		Links links = new Links(canonical.indexOf('?') < 0 ? "" : canonical.substring(canonical.indexOf('?') + 1),
				first.url("/events/export.csv"), first.url("/events/export.jsonl"), first.url("/events/facets"),
				first.url("/events/histogram"), first.url("/events/fields"), search.statsUrl("eventName"),
				search.sorted(false).url("/events"), search.sorted(true).url("/events"));
		return new SearchPage(search, search.problemDetail(), search.time(), formRows(search), chips(search),
				search.columns(), search.columnIds(),
				search.columns().stream().filter(Column::json).map(Column::id).toList(), equivalent,
				equivalent == null ? null : search.onlyQuery(equivalent).url("/events"), links, results, count,
				elapsedMs);
	}

	private static List<FormRow> formRows(EventSearch search) {
		List<FormRow> rows = new ArrayList<>();
		for (FilterKind kind : FilterKind.values()) {
			rows.add(new FormRow(kind.parameter(), kind.excludedParameter(), kind.label(), kind.placeholder(),
					search.values(kind, false), search.values(kind, true)));
		}
		return rows;
	}

	private static List<Chip> chips(EventSearch search) {
		return search.filters()
			.stream()
			.map(f -> new Chip(f.label(), f.excluded(), search.without(f).url("/events"),
					search.negating(f).url("/events")))
			.toList();
	}

	/**
	 * The links of the page, each the search's own parameters on another path.
	 *
	 * @param queryString the search's canonical parameters, for saving it
	 */
	record Links(String queryString, String csv, String jsonl, String facets, String histogram, String fields,
			String stats, String newest, String oldest) {
	}

	/** One row of the filter form: the values included and excluded so far. */
	record FormRow(String parameter, String excludedParameter, String label, String placeholder, List<String> included,
			List<String> excluded) {
	}

	/** An active filter: its label, and links that remove or negate it. */
	record Chip(String label, boolean excluded, String removeUrl, String negateUrl) {
	}
}
