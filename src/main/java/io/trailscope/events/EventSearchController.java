package io.trailscope.events;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.trailscope.web.Keyset;
import io.trailscope.web.Slice;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /events}: the search page. One handler renders the whole page and its htmx
 * fragments from {@code events/search}: the form's live updates get {@code results} (the
 * form keeps its focus), links inside the page (chips, facets, histogram bars, sort)
 * target {@code search} and get form and results together, "load more" gets {@code rows};
 * a history restore gets the page. Without JavaScript every view is the full page. The
 * page never waits for its aggregations: the facets and the histogram are requests of
 * their own ({@link EventAggregationController}), which the page starts as soon as it is
 * shown, or which a reader without JavaScript follows as links. The parameters are those
 * of {@link EventSearch}.
 */
@Controller
class EventSearchController {

	static final int PAGE_SIZE = 100;

	static final int COUNT_CAP = 10_000;

	private final EventStore store;

	private final Clock clock;

	EventSearchController(EventStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@GetMapping("/events")
	String search(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx, HtmxResponse htmxResponse,
			HttpServletResponse response, Model model) {
		EventSearch search = EventSearch.of(parameters, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		boolean fragment = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		if (!fragment && search.problem().isEmpty() && hasBlankParameter(parameters)) {
			// a plain form submission carries every empty input: land on the canonical
			// URL instead
			return "redirect:" + search.url("/events");
		}
		if (search.problemDetail() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		else if (fragment && search.after() == null) {
			// the canonical URL, without the empty inputs the form sends; "load more"
			// stays on the
			// URL of the first page, the view to share
			htmxResponse.setPushUrl(search.url("/events"));
		}
		model.addAttribute("page", page(search));
		if (!fragment) {
			return "events/search";
		}
		if (search.problemDetail() == null && search.after() != null) {
			return "events/search :: rows";
		}
		// with a title of their own, which htmx gives the document: the tab names the
		// query shown
		return "search".equals(htmx.getTarget()) ? "events/search :: titled-search" : "events/search :: titled-results";
	}

	/**
	 * The page of the search: its rows from its position, and their count on a first
	 * page.
	 */
	private SearchPage page(EventSearch search) {
		if (search.problemDetail() != null) {
			return SearchPage.of(search, new Slice<>(List.of(), null), null, null);
		}
		long started = System.nanoTime();
		Slice<EventRow> rows = Slice.of(this.store.page(search, PAGE_SIZE + 1), PAGE_SIZE,
				last -> search.after(Keyset.after(last.eventTime(), last.seq())).url("/events"));
		Slice<ResultRow> results = new Slice<>(
				rows.rows().stream().map(row -> ResultRow.of(row, search.columns())).toList(), rows.nextUrl());
		if (search.after() != null) {
			return SearchPage.of(search, results, null, null);
		}
		// a page that is not full is every match: no count needed
		EventStore.Count count = rows.nextUrl() == null ? new EventStore.Count(rows.rows().size(), false)
				: this.store.count(search, COUNT_CAP);
		return SearchPage.of(search, results, count, (System.nanoTime() - started) / 1_000_000);
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

}
