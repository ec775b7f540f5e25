package io.trailscope.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /events}: the search page. One handler renders the whole page and its htmx fragments
 * from {@code events/search}: the form's live updates get {@code results} (the form keeps its
 * focus), links inside the page (chips, facets, histogram bars, sort) target {@code search} and
 * get form and results together, "load more" gets {@code rows}; a history restore gets the page.
 * Without JavaScript every view is the full page. The page never waits for its aggregations: the
 * facets and the histogram are requests of their own ({@link EventAggregationController}), which
 * the page starts as soon as it is shown, or which a reader without JavaScript follows as links.
 * The parameters are those of {@link EventSearch}.
 */
@Controller
class EventSearchController {

	static final int PAGE_SIZE = 100;

	static final int COUNT_CAP = 10_000;

	private final EventStore store;

	private final Clock clock;

	EventSearchController(EventStore store) {
		this.store = store;
		this.clock = Clock.systemUTC();
	}

	@GetMapping("/events")
	String search(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx,
			HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		Instant now = this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		EventSearch search = EventSearch.of(parameters, now);
		boolean fragment = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		if (!fragment && search.problem().isEmpty() && hasBlankParameter(parameters)) {
			// a plain form submission carries every empty input: land on the canonical URL instead
			return "redirect:" + search.url("/events");
		}
		fill(model, search);
		if (search.problemDetail() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return fragment ? ("search".equals(htmx.getTarget()) ? "events/search :: search" : "events/search :: results")
					: "events/search";
		}
		if (fragment && search.after() != null) {
			// "load more" stays on the URL of the first page: that is the view to share
			addRows(model, search);
			return "events/search :: rows";
		}
		if (fragment) {
			// the canonical URL, without the empty inputs the form sends
			response.setHeader("HX-Push-Url", search.url("/events"));
		}
		long started = System.nanoTime();
		int shown = addRows(model, search);
		// a page that is not full is every match: no count needed
		EventStore.Count count = shown < PAGE_SIZE ? new EventStore.Count(shown, false)
				: this.store.count(search, COUNT_CAP);
		model.addAttribute("count", count);
		model.addAttribute("elapsedMs", (System.nanoTime() - started) / 1_000_000);
		if (fragment) {
			return "search".equals(htmx.getTarget()) ? "events/search :: search" : "events/search :: results";
		}
		return "events/search";
	}

	private void fill(Model model, EventSearch search) {
		model.addAttribute("search", search);
		model.addAttribute("oldestFirst", search.oldestFirst());
		model.addAttribute("paged", search.after() != null);
		model.addAttribute("problem", search.problemDetail());
		model.addAttribute("q", search.q());
		model.addAttribute("time", search.time());
		model.addAttribute("ranges", TimeRange.RANGES);
		model.addAttribute("form", formRows(search));
		model.addAttribute("chips", chips(search));
		model.addAttribute("columns", search.columns());
		model.addAttribute("namedColumns", NamedColumn.values());
		model.addAttribute("selectedColumns", search.columnIds());
		model.addAttribute("pathColumns", search.columns().stream().filter(Column::json).map(Column::id).toList());
		String equivalent = search.problemDetail() == null ? search.equivalentQuery() : null;
		model.addAttribute("equivalentQuery", equivalent);
		model.addAttribute("equivalentUrl", equivalent == null ? null : search.onlyQuery(equivalent).url("/events"));
		String canonical = search.after(null).url("/events");
		model.addAttribute("queryString", canonical.indexOf('?') < 0 ? "" : canonical.substring(canonical.indexOf('?') + 1));
		model.addAttribute("csvUrl", search.after(null).url("/events/export.csv"));
		model.addAttribute("jsonlUrl", search.after(null).url("/events/export.jsonl"));
		model.addAttribute("facetsUrl", search.after(null).url("/events/facets"));
		model.addAttribute("histogramUrl", search.after(null).url("/events/histogram"));
		model.addAttribute("statsUrl", search.statsUrl("eventName"));
		model.addAttribute("newestUrl", search.sorted(false).url("/events"));
		model.addAttribute("oldestUrl", search.sorted(true).url("/events"));
		model.addAttribute("rows", List.of());
		model.addAttribute("nextUrl", null);
	}

	/** @return how many rows the page shows */
	private int addRows(Model model, EventSearch search) {
		List<EventRow> page = this.store.page(search, PAGE_SIZE + 1);
		boolean more = page.size() > PAGE_SIZE;
		List<EventRow> rows = more ? page.subList(0, PAGE_SIZE) : page;
		model.addAttribute("rows", rows.stream().map(row -> ResultRow.of(row, search.columns())).toList());
		if (more) {
			EventRow last = rows.get(rows.size() - 1);
			model.addAttribute("nextUrl", search.after(new Position(last.eventTime(), last.seq())).url("/events"));
		}
		return rows.size();
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
			.map(f -> new Chip(f.label(), f.excluded(), search.without(f).url("/events"), search.negating(f).url("/events")))
			.toList();
	}

	private static boolean hasBlankParameter(MultiValueMap<String, String> parameters) {
		for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
			for (String value : entry.getValue()) {
				if (value == null || value.isBlank()) {
					return true;
				}
			}
		}
		return false;
	}

	/** One row of the filter form: the values included and excluded so far. */
	record FormRow(String parameter, String excludedParameter, String label, String placeholder, List<String> included,
			List<String> excluded) {
	}

	/** An active filter: its label, and links that remove or negate it. */
	record Chip(String label, boolean excluded, String removeUrl, String negateUrl) {
	}
}
