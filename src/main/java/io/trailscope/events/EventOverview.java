package io.trailscope.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * What other modules may ask of the read model for a summary of what is loaded: the span
 * of all events, the events of a window over time, the top values of the core fields, and
 * the count of a search. Every number comes with the URL of the search on {@code /events}
 * that shows exactly it. The span, the chart and the rankings are answered from the
 * rollups when the search names only their dimensions (as the facets and histogram of
 * {@code /events} are, ADR 11), so they cost the same at any scale; a count is the one
 * {@code /events} shows for the same search.
 */
@Service
public class EventOverview {

	/** The ranked fields, by the ids of the search page's facets. */
	public static final String ACCOUNT = "account";

	public static final String REGION = "region";

	public static final String PRINCIPAL = "principal";

	public static final String SOURCE = "source";

	public static final String NAME = "name";

	public static final String ERROR = "error";

	private static final String EVENTS = "/events";

	private final Aggregations aggregations;

	private final EventStore store;

	EventOverview(Aggregations aggregations, EventStore store) {
		this.aggregations = aggregations;
		this.store = store;
	}

	/**
	 * The first and last event of all time and how many there are, from the rollups;
	 * empty when nothing is loaded (or counted yet).
	 */
	public Optional<Span> span() {
		return this.aggregations.span()
			.map(span -> new Span(span.first(), span.last(), span.events(),
					EventSearch.of(Map.of(EventSearch.RANGE, List.of("all")), span.last()).url(EVENTS)));
	}

	/**
	 * The matches of a search, counted as {@code /events} counts them: exact up to its
	 * cap, an estimate beyond.
	 * @throws IllegalArgumentException if the search has a problem
	 */
	public Count count(EventSearch search) {
		requireValid(search);
		EventStore.Count count = this.store.count(search, EventSearchController.COUNT_CAP);
		return new Count(count.value(), count.estimate(), search.url(EVENTS));
	}

	/**
	 * The search's events over its window, each bar a link to its part of the window.
	 * @throws IllegalArgumentException if the search has a problem
	 */
	public Chart chart(EventSearch search, Instant now) {
		requireValid(search);
		Aggregate.Bars bars = this.aggregations.histogram(search, now);
		Histogram histogram = bars.histogram();
		List<Bar> links = histogram.bars()
			.stream()
			.map(bar -> new Bar(bar.from(), bar.to(), bar.count(), bar.x(), bar.width(), bar.y(), bar.height(),
					search.withTime(TimeRange.between(bar.from(), bar.to())).url(EVENTS)))
			.toList();
		return new Chart(histogram.isEmpty() ? "" : histogram.stepLabel(), histogram.max(), histogram.total(),
				bars.basis().estimate(), links, search.url(EVENTS));
	}

	/**
	 * The {@code top} values of each field ({@link #ACCOUNT}, {@link #REGION},
	 * {@link #PRINCIPAL}, {@link #SOURCE}, {@link #NAME}, {@link #ERROR}) among the
	 * search's events, in the order asked; each value links to the search narrowed to it,
	 * "no value" to the search for events without one.
	 * @throws IllegalArgumentException if the search has a problem or a field is unknown
	 */
	public List<Ranking> rank(EventSearch search, List<String> fields, int top) {
		requireValid(search);
		List<FacetSpec> specs = new ArrayList<>();
		for (String field : fields) {
			specs.add(FacetSpec.ALL.stream()
				.filter(spec -> spec.id().equals(field) && spec.dimension() != null)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("not a ranked field: " + field)));
		}
		List<Ranking> rankings = new ArrayList<>();
		for (Aggregate.Facet facet : this.aggregations.facets(search, specs, top)) {
			List<Ranked> values = new ArrayList<>();
			for (Aggregate.Value value : facet.values()) {
				if (value.value() == null || value.value().isBlank()) {
					// no filter holds "no value": the query says it, as the facets' links
					// do
					values.add(new Ranked(null, value.count(),
							search.withQueryTerm("-" + facet.spec().field() + ":*").url(EVENTS)));
				}
				else {
					values.add(new Ranked(value.value(), value.count(),
							search.with(new Filter(facet.spec().kind(), value.value(), false)).url(EVENTS)));
				}
			}
			rankings.add(new Ranking(facet.spec().id(), facet.spec().label(), List.copyOf(values),
					facet.basis().estimate()));
		}
		return List.copyOf(rankings);
	}

	private static void requireValid(EventSearch search) {
		search.problem().ifPresent(message -> {
			throw new IllegalArgumentException(message);
		});
	}

	/**
	 * All the events there are.
	 *
	 * @param first the time of the earliest
	 * @param last the time of the latest
	 * @param events how many (exact, from the rollups)
	 * @param url the search of all time
	 */
	public record Span(Instant first, Instant last, long events, String url) {
	}

	/**
	 * How many events a search matches.
	 *
	 * @param estimate whether {@code value} is an estimate (more than the exact cap
	 * match)
	 * @param url the search
	 */
	public record Count(long value, boolean estimate, String url) {
	}

	/**
	 * A search's events over time, drawn in a {@value Histogram#WIDTH} ×
	 * {@value Histogram#HEIGHT} view box.
	 *
	 * @param step one bar's width in time ("3 h", "1 d"), empty without bars
	 * @param max the highest bar's count
	 * @param total every bar's count together
	 * @param estimate whether the counts are estimated from a sample
	 * @param bars the bars, oldest first
	 * @param url the search over the whole window
	 */
	public record Chart(String step, long max, long total, boolean estimate, List<Bar> bars, String url) {

		public boolean isEmpty() {
			return this.bars.isEmpty();
		}

	}

	/** One bar of a {@link Chart}: its window, count, geometry and search. */
	public record Bar(Instant from, Instant to, long count, double x, double width, double y, double height,
			String url) {
	}

	/**
	 * The top values of one field.
	 *
	 * @param field the field's id (as asked)
	 * @param label what a person reads
	 * @param estimate whether the counts are estimated from a sample
	 */
	public record Ranking(String field, String label, List<Ranked> values, boolean estimate) {
	}

	/**
	 * One value of a {@link Ranking}.
	 *
	 * @param value the value, or null for the events without one (blank or missing)
	 * @param count how many events have it
	 * @param url the search narrowed to it
	 */
	public record Ranked(String value, long count, String url) {

		public boolean none() {
			return this.value == null;
		}

	}

}
