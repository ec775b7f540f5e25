package io.trailscope.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The aggregations of a search, each its own request so that the results never wait for
 * them: {@code /events/facets} and {@code /events/histogram} render their part of
 * {@code events/search} for the page's lazy loads, or a page of their own for a reader
 * without JavaScript, who follows them as links; {@code .json} gives the same numbers to
 * scripts. Every answer says whether its numbers are exact or estimated
 * ({@link Aggregate.Basis}).
 */
@Controller
class EventAggregationController {

	static final int FACET_TOP = 10;

	private final Aggregations aggregations;

	private final Clock clock;

	EventAggregationController(Aggregations aggregations, Clock clock) {
		this.aggregations = aggregations;
		this.clock = clock;
	}

	@GetMapping("/events/facets")
	String facets(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx,
			HttpServletResponse response, Model model) {
		EventSearch search = EventSearch.of(parameters, now());
		model.addAttribute("search", search);
		model.addAttribute("part", "facets");
		model.addAttribute("problem", search.problemDetail());
		if (search.problemDetail() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("facets", null);
		}
		else {
			model.addAttribute("facets", facetsView(search, this.aggregations.facets(search, FACET_TOP)));
		}
		return view(htmx, "facets");
	}

	@GetMapping("/events/histogram")
	String histogram(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx,
			HttpServletResponse response, Model model) {
		Instant now = now();
		EventSearch search = EventSearch.of(parameters, now);
		model.addAttribute("search", search);
		model.addAttribute("part", "histogram");
		model.addAttribute("problem", search.problemDetail());
		if (search.problemDetail() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("histogram", null);
		}
		else {
			Aggregate.Bars bars = this.aggregations.histogram(search, now);
			List<BarLink> links = bars.histogram()
				.bars()
				.stream()
				.map(bar -> new BarLink(bar, search.withTime(TimeRange.between(bar.from(), bar.to())).url("/events")))
				.toList();
			model.addAttribute("histogram", new HistogramView(bars.histogram(), links, bars.basis()));
		}
		return view(htmx, "histogram");
	}

	@GetMapping("/events/facets.json")
	@ResponseBody
	ResponseEntity<Map<String, Object>> facetsJson(@RequestParam MultiValueMap<String, String> parameters) {
		EventSearch search = EventSearch.of(parameters, now());
		if (search.problemDetail() != null) {
			return JsonAnswers.problem(search.problemDetail().message());
		}
		List<Aggregate.Facet> facets = this.aggregations.facets(search, FACET_TOP);
		List<Map<String, Object>> list = new ArrayList<>();
		for (Aggregate.Facet facet : facets) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("field", facet.spec().field());
			entry.put("estimate", facet.basis().estimate());
			entry.put("values", facet.values().stream().map(v -> {
				Map<String, Object> value = new LinkedHashMap<>();
				value.put("value", v.value());
				value.put("count", v.count());
				return value;
			}).toList());
			list.add(entry);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("estimate", facets.stream().anyMatch(f -> f.basis().estimate()));
		body.put("facets", list);
		return ResponseEntity.ok(body);
	}

	@GetMapping("/events/histogram.json")
	@ResponseBody
	ResponseEntity<Map<String, Object>> histogramJson(@RequestParam MultiValueMap<String, String> parameters) {
		Instant now = now();
		EventSearch search = EventSearch.of(parameters, now);
		if (search.problemDetail() != null) {
			return JsonAnswers.problem(search.problemDetail().message());
		}
		Aggregate.Bars bars = this.aggregations.histogram(search, now);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("estimate", bars.basis().estimate());
		body.put("interval", bars.histogram().step().toString());
		body.put("buckets", bars.histogram().bars().stream().map(bar -> {
			Map<String, Object> bucket = new LinkedHashMap<>();
			bucket.put("start", bar.from().toString());
			bucket.put("count", bar.count());
			return bucket;
		}).toList());
		return ResponseEntity.ok(body);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	/** The part alone for htmx, a page around it for a plain request. */
	private static String view(HtmxRequest htmx, String part) {
		return (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) ? "events/search :: " + part
				: "events/aggregate";
	}

	/**
	 * Facet values with their links: a click includes, ¬ excludes, a click on an included
	 * value excludes it.
	 */
	static FacetsView facetsView(EventSearch search, List<Aggregate.Facet> facets) {
		List<FacetView> views = new ArrayList<>();
		Aggregate.Basis basis = null;
		for (Aggregate.Facet facet : facets) {
			basis = (basis == null) ? facet.basis() : basis.and(facet.basis());
			List<FacetLink> links = new ArrayList<>();
			for (Aggregate.Value value : facet.values()) {
				if (value.value() == null || value.value().isBlank()) {
					// no filter holds "no value": the query says it, -field:* to include,
					// field:* to exclude
					String field = facet.spec().field();
					links.add(new FacetLink("(none)", value.count(),
							search.withQueryTerm("-" + field + ":*").url("/events"),
							search.withQueryTerm(field + ":*").url("/events"), false, true));
					continue;
				}
				Filter include = new Filter(facet.spec().kind(), value.value(), false);
				boolean active = search.has(include);
				String includeUrl = (active ? search.negating(include) : search.with(include)).url("/events");
				links.add(new FacetLink(value.value(), value.count(), includeUrl,
						search.with(include.negated()).url("/events"), active, false));
			}
			views.add(new FacetView(facet.spec().id(), facet.spec().label(), links, facet.basis().estimate()));
		}
		return new FacetsView(views, basis);
	}

	record FacetLink(String value, long count, String includeUrl, String excludeUrl, boolean active, boolean none) {
	}

	record FacetView(String id, String label, List<FacetLink> values, boolean estimate) {
	}

	record FacetsView(List<FacetView> facets, Aggregate.Basis basis) {
	}

	record BarLink(Histogram.Bar bar, String url) {
	}

	record HistogramView(Histogram histogram, List<BarLink> bars, Aggregate.Basis basis) {
	}

}
