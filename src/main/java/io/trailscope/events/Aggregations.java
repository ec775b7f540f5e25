package io.trailscope.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.trailscope.events.Aggregate.Basis;
import io.trailscope.events.Aggregate.Method;
import io.trailscope.query.SqlCondition;

/**
 * Facets, histogram and group-by of a search, answered the cheapest exact way there is,
 * or else as a labelled estimate (ADR 11):
 * <ol>
 * <li>A query that names only the rollups' {@link Dimension dimensions}, aggregated by
 * them, is answered from {@code event_counts}: whole days and hours from the rollups, the
 * partial hours at the ends from the events table. Exact, and a few thousand rows read
 * whatever the range. The principal beside another field is kept per day only, so it is
 * answered so for whole days.</li>
 * <li>Otherwise from the matching events themselves: all of them when at most
 * {@code exact-rows} match (the planner's estimate decides what to try first, the count
 * read decides), else a random sample of the range's blocks ({@code TABLESAMPLE SYSTEM})
 * of about {@code sample-rows} events, whose counts are scaled by the range's exact size
 * from the rollups.</li>
 * </ol>
 */
@Service
class Aggregations {

	/**
	 * Bucket sizes of the histogram, smallest first; past the last, whole multiples of a
	 * day.
	 */
	private static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
			Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
			Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
			Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30),
			Duration.ofDays(90), Duration.ofDays(365));

	/** About this many bars; never more than {@link #MAX_BUCKETS}. */
	static final int BUCKETS = 60;

	static final int MAX_BUCKETS = 200;

	private final JdbcClient jdbc;

	private final MatchingEvents events;

	Aggregations(SearchJdbc jdbc, SearchProperties properties, ObjectMapper mapper) {
		this.jdbc = jdbc.client();
		this.events = new MatchingEvents(jdbc, properties, mapper);
	}

	// ---- facets
	// -------------------------------------------------------------------------------------

	/** The {@code top} values of every facet of the search. */
	List<Aggregate.Facet> facets(EventSearch search, int top) {
		return facets(search, FacetSpec.ALL, top);
	}

	/** The {@code top} values of these facets of the search, in their order. */
	List<Aggregate.Facet> facets(EventSearch search, List<FacetSpec> specs, int top) {
		SqlCondition condition = search.condition();
		Optional<Integer> dims = RollupCoverage.referencedDimensions(search.query());
		TimeSegments segments = TimeSegments.of(search.time().from(), search.time().to(), false);
		List<FacetSpec> fromRollups = new ArrayList<>();
		List<FacetSpec> fromEvents = new ArrayList<>();
		for (FacetSpec spec : specs) {
			boolean served = dims.isPresent() && spec.dimension() != null
					&& RollupCoverage.cuboid(dims.get() | spec.dimension().bit(), segments).isPresent();
			(served ? fromRollups : fromEvents).add(spec);
		}
		Map<FacetSpec, Aggregate.Facet> answers = new HashMap<>();
		if (!fromRollups.isEmpty()) {
			long started = System.nanoTime();
			Map<Integer, List<Aggregate.Value>> values = rollupFacets(fromRollups, dims.get(), condition, segments,
					top);
			Basis basis = new Basis(Method.ROLLUPS, 0, 0, millisSince(started));
			for (int i = 0; i < fromRollups.size(); i++) {
				answers.put(fromRollups.get(i),
						new Aggregate.Facet(fromRollups.get(i), values.getOrDefault(i, List.of()), basis));
			}
		}
		if (!fromEvents.isEmpty()) {
			List<String> columns = fromEvents.stream().map(spec -> "e." + spec.column()).toList();
			MatchingEvents.Sourced<Map<Integer, List<Aggregate.Value>>> sourced = this.events.fromEvents(search,
					condition, columns, (source, params) -> eventFacets(fromEvents, source, params, top),
					(values, scale) -> scaleFacets(values, scale));
			for (int i = 0; i < fromEvents.size(); i++) {
				answers.put(fromEvents.get(i), new Aggregate.Facet(fromEvents.get(i),
						sourced.value().getOrDefault(i, List.of()), sourced.basis()));
			}
		}
		return specs.stream().map(answers::get).toList();
	}

	/**
	 * The first and last event of all time and how many there are, from the day rows of
	 * the totals (one row a day); empty when the rollups count nothing.
	 */
	Optional<Aggregate.Span> span() {
		return this.jdbc
			.sql("select min(first_seen) as first_seen, max(last_seen) as last_seen, sum(n) as n from event_counts"
					+ " where grain = 'd' and dims = 0 having count(*) > 0")
			.query((rs, row) -> new Aggregate.Span(rs.getTimestamp("first_seen").toInstant(),
					rs.getTimestamp("last_seen").toInstant(), rs.getLong("n")))
			.optional();
	}

	private Map<Integer, List<Aggregate.Value>> rollupFacets(List<FacetSpec> specs, int dims, SqlCondition condition,
			TimeSegments segments, int top) {
		Map<String, Object> params = new HashMap<>();
		params.put("top", top);
		boolean edge = !segments.events().isEmpty();
		StringBuilder sql = new StringBuilder(
				edge ? "with " + EventCounts.edge(condition, segments, "x_", params) + " " : "");
		sql.append("select f, value, n from (select f, value, n, row_number() over (partition by f order by n desc,")
			.append(" value nulls last) as r from (");
		for (int i = 0; i < specs.size(); i++) {
			Dimension dimension = specs.get(i).dimension();
			int cuboid = RollupCoverage.cuboid(dims | dimension.bit(), segments).orElseThrow();
			sql.append(i == 0 ? "" : " union all ")
				.append("select ")
				.append(i)
				.append(" as f, nullif(cast(k0 as text), '') as value, sum(n) as n from (")
				.append(EventCounts.union(cuboid, condition, segments, List.of("e." + dimension.column()), edge,
						"f" + i + "_", params))
				.append(") x group by 2");
		}
		sql.append(") y) z where r <= :top order by f, n desc, value nulls last");
		return facetRows(sql.toString(), params);
	}

	private MatchingEvents.Raw<Map<Integer, List<Aggregate.Value>>> eventFacets(List<FacetSpec> specs, String source,
			Map<String, Object> params, int top) {
		params.put("top", top);
		StringBuilder sql = new StringBuilder("with s as materialized (").append(source)
			.append("), m as (select * from s where hit) select f, value, n from (select f, value, n, row_number() over")
			.append(" (partition by f order by n desc, value nulls last) as r from (")
			.append("select -2 as f, null as value, count(*) as n from s union all select -1, null, count(*) from m");
		for (int i = 0; i < specs.size(); i++) {
			sql.append(" union all select ")
				.append(i)
				.append(", nullif(cast(c")
				.append(i)
				.append(" as text), '') as value, count(*) from m group by 2");
		}
		sql.append(") y) z where r <= :top or f < 0 order by f, n desc, value nulls last");
		Map<Integer, List<Aggregate.Value>> values = facetRows(sql.toString(), params);
		long scanned = values.remove(-2).get(0).count();
		long matched = values.remove(-1).get(0).count();
		return new MatchingEvents.Raw<>(values, scanned, matched);
	}

	private Map<Integer, List<Aggregate.Value>> facetRows(String sql, Map<String, Object> params) {
		Map<Integer, List<Aggregate.Value>> values = new HashMap<>();
		this.jdbc.sql(sql).params(params).query(rs -> {
			values.computeIfAbsent(rs.getInt("f"), k -> new ArrayList<>())
				.add(new Aggregate.Value(rs.getString("value"), rs.getLong("n")));
		});
		return values;
	}

	private static Map<Integer, List<Aggregate.Value>> scaleFacets(Map<Integer, List<Aggregate.Value>> values,
			double scale) {
		Map<Integer, List<Aggregate.Value>> scaled = new HashMap<>();
		values.forEach((facet, list) -> scaled.put(facet,
				list.stream().map(v -> new Aggregate.Value(v.value(), Math.round(v.count() * scale))).toList()));
		return scaled;
	}

	// ---- histogram
	// ----------------------------------------------------------------------------------

	/**
	 * Matching events per bucket over the search's window, at most {@link #MAX_BUCKETS}
	 * buckets.
	 */
	Aggregate.Bars histogram(EventSearch search, Instant now) {
		long started = System.nanoTime();
		Instant from = search.time().from();
		Instant to = search.time().to() != null ? search.time().to() : now;
		if (from == null) {
			from = this.jdbc.sql("select min(bucket) from event_counts where grain = 'd' and dims = 0")
				.query(Timestamp.class)
				.optional()
				.map(Timestamp::toInstant)
				.orElse(null);
		}
		if (from == null || !from.isBefore(to)) {
			return new Aggregate.Bars(Histogram.empty(), new Basis(Method.ROLLUPS, 0, 0, millisSince(started)));
		}
		Duration step = step(Duration.between(from, to));
		SqlCondition condition = search.condition();
		Optional<Integer> dims = RollupCoverage.referencedDimensions(search.query()).flatMap(Dimension::cuboidFor);
		Map<String, Object> params = new HashMap<>();
		params.put("step", step.toSeconds() + " seconds");
		params.put("origin", EventStore.utc(EventCounts.ORIGIN));
		String bucket = "date_bin(cast(:step as interval), {t}, cast(:origin as timestamptz))";
		if (dims.isPresent() && step.compareTo(Duration.ofHours(1)) >= 0) {
			TimeSegments segments = TimeSegments.of(from, to, step.compareTo(Duration.ofDays(1)) < 0);
			String sql = "select k0 as b, sum(n) as n from ("
					+ EventCounts.union(dims.get(), condition, segments, List.of(bucket), false, "h_", params)
					+ ") x group by 1 order by 1";
			Map<Instant, Long> counts = buckets(sql, params);
			return new Aggregate.Bars(Histogram.of(from, to, step, EventCounts.ORIGIN, counts),
					new Basis(Method.ROLLUPS, 0, 0, millisSince(started)));
		}
		TimeRange window = TimeRange.between(from, to);
		if (step.compareTo(Duration.ofHours(1)) < 0) {
			// a window of a few days at most: every matching event, as the rows are read
			String sql = "select " + bucket.replace("{t}", "e.event_time") + " as b, count(*) as n from events e where "
					+ MatchingEvents.timeCondition(window, params) + " and (" + condition.sql()
					+ ") group by 1 order by 1";
			params.putAll(condition.params());
			Map<Instant, Long> counts = buckets(sql, params);
			return new Aggregate.Bars(Histogram.of(from, to, step, EventCounts.ORIGIN, counts),
					new Basis(Method.EXACT, 0, 0, millisSince(started)));
		}
		Instant start = from;
		MatchingEvents.Sourced<Map<Instant, Long>> sourced = this.events.fromEvents(search.withTime(window), condition,
				List.of("e.event_time"), (source, p) -> {
					p.putAll(params);
					String sql = "with s as materialized (" + source + "), m as (select * from s where hit)"
							+ " select 1 as part, cast(null as timestamptz) as b, (select count(*) from s) as n union all"
							+ " select 2, null, (select count(*) from m) union all select 0, "
							+ bucket.replace("{t}", "c0") + ", count(*) from m group by 2";
					Map<Instant, Long> counts = new TreeMap<>();
					long[] totals = new long[2];
					this.jdbc.sql(sql).params(p).query(rs -> {
						int part = rs.getInt("part");
						if (part == 0) {
							counts.put(rs.getTimestamp("b").toInstant(), rs.getLong("n"));
						}
						else {
							totals[part - 1] = rs.getLong("n");
						}
					});
					return new MatchingEvents.Raw<>(counts, totals[0], totals[1]);
				}, (counts, scale) -> {
					Map<Instant, Long> scaled = new LinkedHashMap<>();
					counts.forEach((b, n) -> scaled.put(b, Math.round(n * scale)));
					return scaled;
				});
		return new Aggregate.Bars(Histogram.of(start, to, step, EventCounts.ORIGIN, sourced.value()), sourced.basis());
	}

	private Map<Instant, Long> buckets(String sql, Map<String, Object> params) {
		Map<Instant, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql(sql).params(params).query(rs -> {
			counts.put(rs.getTimestamp("b").toInstant(), rs.getLong("n"));
		});
		return counts;
	}

	static Duration step(Duration span) {
		for (Duration step : STEPS) {
			if (span.dividedBy(step) <= BUCKETS) {
				return step;
			}
		}
		// centuries asked for: whole days, so that there are never more than MAX_BUCKETS
		// bars. The bars
		// are aligned to the origin, so a span of under n steps can touch n + 1 of them:
		// the span is
		// kept under MAX_BUCKETS - 1 steps
		long days = Math.max(1, span.toDays() / (MAX_BUCKETS - 1) + 1);
		return Duration.ofDays(days);
	}

	// ---- group-by
	// -----------------------------------------------------------------------------------

	/**
	 * The groups of the search by {@code by}, sorted and cut to {@code by.top()}, the
	 * rest summed as other.
	 */
	Aggregate.Groups groups(EventSearch search, GroupBy by) {
		long started = System.nanoTime();
		SqlCondition condition = search.condition();
		TimeSegments segments = TimeSegments.of(search.time().from(), search.time().to(), false);
		Optional<Integer> cuboid = RollupCoverage.referencedDimensions(search.query())
			.flatMap(dims -> by.dimensions().flatMap(keys -> RollupCoverage.cuboid(dims | keys, segments)));
		List<Aggregate.Group> groups;
		Basis basis;
		if (cuboid.isPresent()) {
			Map<String, Object> params = new HashMap<>();
			List<String> keys = by.by().stream().map(GroupBy.Key::expression).toList();
			List<String> names = new ArrayList<>();
			for (int i = 0; i < keys.size(); i++) {
				names.add("nullif(cast(k" + i + " as text), '')");
			}
			String sql = "select " + String.join(", ", names) + ", sum(n) as n, min(first_seen) as first_seen,"
					+ " max(last_seen) as last_seen from ("
					+ EventCounts.union(cuboid.get(), condition, segments, keys, false, "g_", params) + ") x group by "
					+ String.join(", ", IntStream.rangeClosed(1, keys.size()).mapToObj(String::valueOf).toList());
			groups = this.jdbc.sql(sql).params(params).query((rs, n) -> group(rs, 0, keys.size(), false)).list();
			basis = new Basis(Method.ROLLUPS, 0, 0, millisSince(started));
		}
		else {
			List<String> columns = new ArrayList<>(by.by().stream().map(GroupBy.Key::expression).toList());
			columns.add("e.event_time");
			if (by.distinct() != null) {
				columns.add(by.distinct().expression());
			}
			int keys = by.by().size();
			MatchingEvents.Sourced<List<Aggregate.Group>> sourced = this.events.fromEvents(search, condition, columns,
					(source, params) -> {
						bindPaths(by, params);
						List<String> names = new ArrayList<>();
						for (int i = 0; i < keys; i++) {
							// a named field's '' is its "none", as its field:* says; a
							// record path's "" is a value of
							// its own, since path:* holds for it
							names.add(by.by().get(i).path() == null ? "nullif(c" + i + ", '')" : "c" + i);
						}
						// a blank value is no value: in the distinct count as in the
						// groups
						String sql = "with s as materialized (" + source + "), m as (select * from s where hit)"
								+ " select 0 as part, " + String.join(", ", names) + ", count(*) as n, min(c" + keys
								+ ") as first_seen, max(c" + keys + ") as last_seen"
								+ (by.distinct() != null
										? ", count(distinct nullif(c" + (keys + 1) + ", '')) as d" : "")
								+ " from m group by "
								+ String.join(", ",
										IntStream.rangeClosed(2, keys + 1).mapToObj(String::valueOf).toList())
								+ " union all select 1, " + String.join(", ", names.stream().map(x -> "null").toList())
								+ ", (select count(*) from s), null, null" + (by.distinct() != null ? ", null" : "")
								+ " union all select 2, " + String.join(", ", names.stream().map(x -> "null").toList())
								+ ", (select count(*) from m), null, null" + (by.distinct() != null ? ", null" : "");
						long[] counts = new long[2];
						List<Aggregate.Group> rows = new ArrayList<>();
						this.jdbc.sql(sql).params(params).query(rs -> {
							int part = rs.getInt("part");
							if (part == 0) {
								rows.add(group(rs, 1, keys, by.distinct() != null));
							}
							else {
								counts[part - 1] = rs.getLong("n");
							}
						});
						return new MatchingEvents.Raw<>(rows, counts[0], counts[1]);
					},
					(rows, scale) -> rows.stream()
						.map(g -> new Aggregate.Group(g.values(), Math.round(g.count() * scale), g.firstSeen(),
								g.lastSeen(), g.distinct()))
						.toList());
			groups = sourced.value();
			basis = sourced.basis();
		}
		return cut(groups, by, basis);
	}

	private static void bindPaths(GroupBy by, Map<String, Object> params) {
		for (int i = 0; i < by.by().size(); i++) {
			if (by.by().get(i).path() != null) {
				params.put("g" + i, by.by().get(i).path());
			}
		}
		if (by.distinct() != null && by.distinct().path() != null) {
			params.put("gd", by.distinct().path());
		}
	}

	/** A group from a row whose keys are its columns {@code offset + 1} on. */
	private static Aggregate.Group group(ResultSet rs, int offset, int keys, boolean distinct) throws SQLException {
		List<String> values = new ArrayList<>(keys);
		for (int i = 1; i <= keys; i++) {
			values.add(rs.getString(offset + i));
		}
		Timestamp first = rs.getTimestamp("first_seen");
		Timestamp last = rs.getTimestamp("last_seen");
		return new Aggregate.Group(Collections.unmodifiableList(values), rs.getLong("n"),
				first == null ? null : first.toInstant(), last == null ? null : last.toInstant(),
				distinct ? rs.getLong("d") : null);
	}

	private static Aggregate.Groups cut(List<Aggregate.Group> groups, GroupBy by, Basis basis) {
		Comparator<Aggregate.Group> order = switch (by.sort()) {
			case "count" -> Comparator.comparingLong(Aggregate.Group::count).reversed();
			case "rare" -> Comparator.comparingLong(Aggregate.Group::count);
			case "first" ->
				Comparator.comparing(Aggregate.Group::firstSeen, Comparator.nullsLast(Comparator.reverseOrder()));
			case "last" ->
				Comparator.comparing(Aggregate.Group::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()));
			default -> {
				int index = by.names().indexOf(by.sort());
				yield Comparator.comparing((Aggregate.Group g) -> g.values().get(index),
						Comparator.nullsLast(Comparator.naturalOrder()));
			}
		};
		// ties in a stable order: by the values, so a page and its export agree
		Comparator<Aggregate.Group> byValues = (a, b) -> {
			for (int i = 0; i < a.values().size(); i++) {
				int c = Comparator.nullsLast(Comparator.<String>naturalOrder())
					.compare(a.values().get(i), b.values().get(i));
				if (c != 0) {
					return c;
				}
			}
			return 0;
		};
		List<Aggregate.Group> sorted = new ArrayList<>(groups);
		sorted.sort(order.thenComparing(byValues));
		long total = sorted.stream().mapToLong(Aggregate.Group::count).sum();
		List<Aggregate.Group> top = List.copyOf(sorted.subList(0, Math.min(by.top(), sorted.size())));
		long shown = top.stream().mapToLong(Aggregate.Group::count).sum();
		return new Aggregate.Groups(top, total - shown, total, sorted.size(), basis);
	}

	private static long millisSince(long started) {
		return MatchingEvents.millisSince(started);
	}

}
