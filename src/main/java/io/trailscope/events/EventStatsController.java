package io.trailscope.events;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.trailscope.web.Downloads;
import io.trailscope.web.SpreadsheetCells;
import java.util.Collections;

/**
 * {@code /events/stats}: the group-by view of a search, what analysts do with Athena's
 * {@code group by} and Splunk's {@code stats count by}. The search parameters are those
 * of {@code /events}; {@code by}, {@code distinct}, {@code sort} and {@code top} are read
 * by {@link GroupBy}. One handler renders the page or, for the form's live updates, its
 * {@code table}; {@code .csv} streams the groups (up to {@code limit}, default 1,000) and
 * {@code .json} gives them to scripts.
 */
@Controller
class EventStatsController {

	static final int CSV_LIMIT = 1_000;

	private static final Map<String, String> SORTS = sorts();

	private final Aggregations aggregations;

	private final Clock clock;

	EventStatsController(Aggregations aggregations, Clock clock) {
		this.aggregations = aggregations;
		this.clock = clock;
	}

	@GetMapping("/events/stats")
	String stats(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx, HtmxResponse htmxResponse,
			HttpServletResponse response, Model model) {
		EventSearch search = EventSearch.of(parameters, now());
		StatsPage page = page(search, parameters);
		model.addAttribute("page", page);
		model.addAttribute("ranges", TimeRange.RANGES);
		if (page.problem() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		boolean fragment = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		if (fragment) {
			htmxResponse.setPushUrl(page.url());
		}
		return fragment ? "events/stats :: table" : "events/stats";
	}

	@GetMapping("/events/stats.json")
	@ResponseBody
	ResponseEntity<Map<String, Object>> json(@RequestParam MultiValueMap<String, String> parameters) {
		EventSearch search = EventSearch.of(parameters, now());
		GroupBy by;
		try {
			by = groupBy(search, parameters, GroupBy.DEFAULT_TOP);
		}
		catch (IllegalArgumentException ex) {
			return JsonAnswers.problem(ex.getMessage());
		}
		Aggregate.Groups groups = this.aggregations.groups(search, by);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Aggregate.Group group : groups.rows()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("values", group.values());
			row.put("count", group.count());
			row.put("first_seen", group.firstSeen() == null ? null : group.firstSeen().toString());
			row.put("last_seen", group.lastSeen() == null ? null : group.lastSeen().toString());
			if (by.distinct() != null) {
				row.put("distinct", group.distinct());
			}
			rows.add(row);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("estimate", groups.basis().estimate());
		body.put("by", by.names());
		body.put("rows", rows);
		body.put("other", groups.other());
		body.put("total", groups.total());
		return ResponseEntity.ok(body);
	}

	@GetMapping("/events/stats.csv")
	ResponseEntity<StreamingResponseBody> csv(@RequestParam MultiValueMap<String, String> parameters) {
		EventSearch search = EventSearch.of(parameters, now());
		GroupBy by;
		try {
			by = groupBy(search, parameters, CSV_LIMIT);
		}
		catch (IllegalArgumentException ex) {
			// a streamed body as well: MVC streams only a ResponseEntity declared to hold
			// one
			byte[] message = ex.getMessage().getBytes(StandardCharsets.UTF_8);
			return ResponseEntity.badRequest()
				.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
				.body(out -> out.write(message));
		}
		Aggregate.Groups groups = this.aggregations.groups(search, by);
		List<String> header = new ArrayList<>(by.names());
		header.addAll(List.of("count", "first_seen", "last_seen"));
		if (by.distinct() != null) {
			header.add("distinct_" + by.distinct().name());
		}
		StreamingResponseBody body = out -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CsvWriter csv = CsvWriter.builder().build(writer);
			csv.writeRecord(header.stream().map(SpreadsheetCells::safe).toList());
			for (Aggregate.Group group : groups.rows()) {
				List<String> cells = new ArrayList<>();
				group.values().forEach(value -> cells.add(SpreadsheetCells.safe(value == null ? "" : value)));
				cells.add(String.valueOf(group.count()));
				cells.add(group.firstSeen() == null ? "" : group.firstSeen().toString());
				cells.add(group.lastSeen() == null ? "" : group.lastSeen().toString());
				if (by.distinct() != null) {
					cells.add(String.valueOf(group.distinct()));
				}
				csv.writeRecord(cells);
			}
			csv.flush();
		};
		return Downloads.csv(Downloads.stamped("trailscope-stats", this.clock.instant()), body);
	}

	private StatsPage page(EventSearch search, MultiValueMap<String, String> parameters) {
		String byText = first(parameters, "by");
		String distinct = first(parameters, "distinct");
		String sort = first(parameters, "order");
		String top = first(parameters, "top");
		String url = Urls.of("/events/stats", statsParameters(search, parameters));
		if (search.problemDetail() != null) {
			return StatsPage.problem(search, byText, distinct, sort, top, url, search.problemDetail().message());
		}
		if (byText == null) {
			return StatsPage.problem(search, null, distinct, sort, top, url, null);
		}
		GroupBy by;
		try {
			by = groupBy(search, parameters, GroupBy.DEFAULT_TOP);
		}
		catch (IllegalArgumentException ex) {
			return StatsPage.problem(search, byText, distinct, sort, top, url, ex.getMessage());
		}
		Aggregate.Groups groups = this.aggregations.groups(search, by);
		List<StatsRow> rows = new ArrayList<>();
		for (Aggregate.Group group : groups.rows()) {
			List<StatsCell> cells = new ArrayList<>();
			for (int i = 0; i < by.by().size(); i++) {
				String value = group.values().get(i);
				cells.add(cell(search, by.by().get(i), value));
			}
			rows.add(new StatsRow(cells, group.count(), group.firstSeen(), group.lastSeen(), group.distinct(),
					groups.total() == 0 ? 0 : 100.0 * group.count() / groups.total()));
		}
		Map<String, String> sorts = new LinkedHashMap<>(SORTS);
		by.names().forEach(name -> sorts.put(name, "by " + name));
		MultiValueMap<String, String> csvParameters = statsParameters(search, parameters);
		return new StatsPage(search, byText, distinct, by.sort(), String.valueOf(by.top()), url, null, by.names(), rows,
				groups.other(), groups.total(), groups.groups(), groups.basis(), sorts,
				Urls.of("/events/stats.csv", csvParameters), Urls.of("/events/stats.json", csvParameters),
				search.url("/events"));
	}

	/** A group value with the links that include or exclude it on the search page. */
	private static StatsCell cell(EventSearch search, GroupBy.Key key, String value) {
		ValueLinks links = ValueLinks.of(search, key.name(), value, key.path() != null);
		return new StatsCell(links.text(), links.none(), links.includeUrl(), links.excludeUrl());
	}

	private static GroupBy groupBy(EventSearch search, MultiValueMap<String, String> parameters, int defaultTop) {
		if (search.problemDetail() != null) {
			throw new IllegalArgumentException(search.problemDetail().message());
		}
		String limit = first(parameters, "limit");
		return GroupBy.of(first(parameters, "by"), first(parameters, "distinct"), first(parameters, "order"),
				limit != null ? limit : first(parameters, "top"), defaultTop);
	}

	/** The search's parameters and the view's own, in a canonical order. */
	private static MultiValueMap<String, String> statsParameters(EventSearch search,
			MultiValueMap<String, String> parameters) {
		MultiValueMap<String, String> all = new LinkedMultiValueMap<>(search.after(null).parameters());
		for (String name : List.of("by", "distinct", "order", "top")) {
			String value = first(parameters, name);
			if (value != null) {
				all.add(name, value);
			}
		}
		return all;
	}

	private static String first(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null) {
			return null;
		}
		return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst().orElse(null);
	}

	private static Map<String, String> sorts() {
		Map<String, String> sorts = new LinkedHashMap<>();
		sorts.put("count", "most frequent");
		sorts.put("rare", "rarest");
		sorts.put("first", "newest first seen");
		sorts.put("last", "newest last seen");
		return Collections.unmodifiableMap(sorts);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	record Param(String name, String value) {
	}

	record StatsCell(String text, boolean none, String includeUrl, String excludeUrl) {
	}

	record StatsRow(List<StatsCell> cells, long count, Instant firstSeen, Instant lastSeen, Long distinct,
			double percent) {
	}

	/**
	 * Everything the stats page shows; {@code problem} set (and no rows) when it cannot
	 * run.
	 */
	record StatsPage(EventSearch search, String by, String distinct, String sort, String top, String url,
			String problem, List<String> columns, List<StatsRow> rows, long other, long total, int groups,
			Aggregate.Basis basis, Map<String, String> sorts, String csvUrl, String jsonUrl, String searchUrl) {

		static StatsPage problem(EventSearch search, String by, String distinct, String sort, String top, String url,
				String problem) {
			return new StatsPage(search, by, distinct, sort, top, url, problem, List.of(), List.of(), 0, 0, 0, null,
					SORTS, null, null, search.url("/events"));
		}

		/** The query box's text. */
		public String q() {
			return this.search.q();
		}

		public String range() {
			return this.search.time().range();
		}

		/**
		 * The search's other parameters (filters, absolute times), carried by the form as
		 * they are.
		 */
		public List<Param> hidden() {
			List<Param> hidden = new ArrayList<>();
			this.search.after(null).parameters().forEach((name, values) -> {
				if (!name.equals("q") && !name.equals("range")) {
					values.forEach(value -> hidden.add(new Param(name, value)));
				}
			});
			return hidden;
		}

		public String label() {
			return this.search.time().label();
		}
	}

}
