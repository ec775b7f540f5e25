package io.trailscope.overview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import io.trailscope.events.EventOverview;
import io.trailscope.events.EventSearch;
import io.trailscope.ingest.console.IngestHealth;
import io.trailscope.investigations.CannedSearch;
import io.trailscope.investigations.CannedSearches;

/**
 * Gathers the overview of a period, a part at a time: every number is asked of the read
 * model ({@link EventOverview}: the rollups for the span, the chart and the rankings, the
 * search's own count for what stands out), so that none costs more with the size of the
 * store, and each comes with the search that shows it.
 */
@Service
class Overview {

	/** Values shown of each ranking. */
	static final int TOP = 5;

	/** Principals shown beside the refused calls. */
	static final int TOP_DENIED = 3;

	static final String ACCESS_DENIED = "access-denied";

	private final EventOverview events;

	private final CannedSearches canned;

	private final IngestHealth ingest;

	Overview(EventOverview events, CannedSearches canned, IngestHealth ingest) {
		this.events = events;
		this.canned = canned;
		this.ingest = ingest;
	}

	/** The parts of the page, each a request of its own. */
	enum Part {

		ACTIVITY, VOLUMES, NOTABLE, INGEST;

		String id() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Optional<Part> of(String id) {
			for (Part part : values()) {
				if (part.id().equals(id)) {
					return Optional.of(part);
				}
			}
			return Optional.empty();
		}

	}

	/**
	 * The page the parameters ask for: the whole page ({@code fragment} false), which
	 * asks whether anything is loaded at all (one read of the daily totals) and fills in
	 * the part named by {@code part} if any (what a reader without scripts follows), or
	 * that part alone.
	 * @throws ResponseStatusException 403 for the ingest part asked by someone not an
	 * admin
	 */
	OverviewPage read(MultiValueMap<String, String> parameters, boolean admin, boolean fragment, Instant now) {
		Period period;
		try {
			period = Period.of(parameters);
			search(period, null, now);
		}
		catch (IllegalArgumentException ex) {
			return page(Period.standard(), ex.getMessage(), List.of(), admin, fragment, now);
		}
		String id = parameters.getFirst("part");
		if (id == null || id.isBlank()) {
			return page(period, null, List.of(), admin, fragment, now);
		}
		Optional<Part> part = Part.of(id.strip());
		if (part.isEmpty()) {
			return page(period, "Unknown part \"" + id + "\".", List.of(), admin, fragment, now);
		}
		if (part.get() == Part.INGEST && !admin) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}
		return page(period, null, List.of(part.get()), admin, fragment, now);
	}

	private OverviewPage page(Period period, String problem, List<Part> parts, boolean admin, boolean fragment,
			Instant now) {
		List<OverviewPage.PeriodLink> periods = Period.RANGES.entrySet()
			.stream()
			.map(range -> new OverviewPage.PeriodLink(range.getKey(), range.getKey(),
					url(new Period(range.getKey(), null, null), null), range.getKey().equals(period.range())))
			.toList();
		OverviewPage.Links links = new OverviewPage.Links(url(period, Part.ACTIVITY), url(period, Part.VOLUMES),
				url(period, Part.NOTABLE), url(period, Part.INGEST));
		if (problem != null) {
			return new OverviewPage(period, periods, problem, false, admin, links, null, null, null, null);
		}
		Optional<EventOverview.Span> span = Optional.empty();
		if (!fragment || parts.contains(Part.ACTIVITY)) {
			span = this.events.span();
		}
		boolean empty = !fragment && span.isEmpty();
		OverviewPage.Activity activity = null;
		OverviewPage.Volumes volumes = null;
		List<OverviewPage.Notable> notable = null;
		IngestHealth.Summary health = null;
		for (Part part : parts) {
			switch (part) {
				case ACTIVITY -> activity = new OverviewPage.Activity(span.orElse(null),
						this.events.chart(search(period, null, now), now));
				case VOLUMES -> volumes = volumes(period, now);
				case NOTABLE -> notable = notable(period, now);
				case INGEST -> health = admin ? this.ingest.summary() : null;
			}
		}
		return new OverviewPage(period, periods, null, empty, admin, links, activity, volumes, notable, health);
	}

	private OverviewPage.Volumes volumes(Period period, Instant now) {
		List<EventOverview.Ranking> rankings = this.events.rank(search(period, null, now),
				List.of(EventOverview.ACCOUNT, EventOverview.REGION, EventOverview.PRINCIPAL, EventOverview.SOURCE),
				TOP);
		EventOverview.Ranking errors = this.events
			.rank(search(period, "errorCode:*", now), List.of(EventOverview.ERROR), TOP)
			.get(0);
		return new OverviewPage.Volumes(rankings, errors);
	}

	private List<OverviewPage.Notable> notable(Period period, Instant now) {
		List<OverviewPage.Notable> notable = new ArrayList<>();
		for (CannedSearch canned : this.canned.notable()) {
			EventSearch search = search(period, canned.query(), now);
			EventOverview.Count count = this.events.count(search);
			EventOverview.Ranking top = null;
			if (ACCESS_DENIED.equals(canned.id()) && count.value() > 0) {
				top = this.events.rank(search, List.of(EventOverview.PRINCIPAL), TOP_DENIED).get(0);
			}
			notable.add(new OverviewPage.Notable(canned.id(), canned.title(), count, canned.page(), top));
		}
		return notable;
	}

	/**
	 * The search of the period, narrowed by a query.
	 * @throws IllegalArgumentException when the period's window cannot be read
	 */
	static EventSearch search(Period period, String query, Instant now) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>(period.searchParameters(now));
		if (query != null) {
			parameters.add("q", query);
		}
		EventSearch search = EventSearch.of(parameters, now);
		search.problem().ifPresent(message -> {
			throw new IllegalArgumentException(message);
		});
		return search;
	}

	/** The overview of a period, or one part of it. */
	static String url(Period period, Part part) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/");
		List<Object> values = new ArrayList<>();
		for (Map.Entry<String, List<String>> entry : period.parameters().entrySet()) {
			for (String value : entry.getValue()) {
				uri.queryParam(entry.getKey(), "{v" + values.size() + "}");
				values.add(value);
			}
		}
		if (part != null) {
			uri.queryParam("part", part.id());
		}
		return uri.encode().buildAndExpand(values.toArray()).toUriString();
	}

}
