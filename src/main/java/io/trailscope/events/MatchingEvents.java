package io.trailscope.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.events.Aggregate.Basis;
import io.trailscope.events.Aggregate.Method;
import io.trailscope.query.SqlCondition;

/**
 * The aggregations' path through the events themselves, for what the rollups cannot
 * answer (ADR 11): every matching event when at most {@code exact-rows} match (the
 * planner's estimate decides what to try first, the count read decides), else a random
 * sample of the range's blocks ({@code TABLESAMPLE SYSTEM}) of about {@code sample-rows}
 * events, whose counts are scaled by the range's exact size from the rollups.
 */
class MatchingEvents {

	/**
	 * The sample's seed: the same search over the same data gives the same estimate on
	 * every reload.
	 */
	private static final int SEED = 20_240_101;

	private final JdbcClient jdbc;

	private final SearchProperties properties;

	private final ObjectMapper mapper;

	MatchingEvents(SearchJdbc jdbc, SearchProperties properties, ObjectMapper mapper) {
		this.jdbc = jdbc.client();
		this.properties = properties;
		this.mapper = mapper;
	}

	/**
	 * An aggregate over a source of rows: {@code c0, c1, ...} (the columns asked) and
	 * {@code hit}.
	 */
	@FunctionalInterface
	interface SourceQuery<T> {

		Raw<T> run(String source, Map<String, Object> params);

	}

	/**
	 * What one run read: the answer, the rows of the source, and how many of them
	 * matched.
	 */
	record Raw<T>(T value, long scanned, long matched) {
	}

	record Sourced<T>(T value, Basis basis) {
	}

	/**
	 * Runs {@code query} over every matching event when few enough match, else over a
	 * sample of the range, and scales a sample's counts by the range's size over the rows
	 * the sample read.
	 */
	<T> Sourced<T> fromEvents(EventSearch search, SqlCondition condition, List<String> columns, SourceQuery<T> query,
			BiFunction<T, Double, T> scale) {
		long started = System.nanoTime();
		int exactRows = this.properties.exactRows();
		// a query of the rollups' fields has its exact number of matches there: better
		// than the
		// planner's guess for choosing, and than the sample's for scaling
		TimeSegments segments = TimeSegments.of(search.time().from(), search.time().to(), false);
		Optional<Long> known = RollupCoverage.referencedDimensions(search.query())
			.flatMap(dims -> RollupCoverage.cuboid(dims, segments))
			.map(cuboid -> matches(cuboid, condition, search.time()));
		long estimate = known.orElseGet(() -> estimate(search, condition));
		if (estimate <= exactRows) {
			Raw<T> exact = runExact(search, condition, columns, query);
			if (exact.matched() <= exactRows) {
				return new Sourced<>(exact.value(), new Basis(Method.EXACT, 0, 0, millisSince(started)));
			}
		}
		// the rollups lag a load by a second or so, and are empty while they are rebuilt:
		// never take
		// the range for smaller than the planner does, or a sample could read all of it
		long inRange = Math.max(rangeTotal(search.time()), estimate(search, SqlCondition.TRUE));
		double percent = Math.min(100.0, 100.0 * this.properties.sampleRows() / Math.max(1, inRange));
		Raw<T> sample = runSample(search, condition, columns, percent, query);
		// rollups that know of no match while the sample finds some are being rebuilt:
		// scale by the range
		double factor = (known.isPresent() && known.get() > 0 && sample.matched() > 0)
				? (double) known.get() / sample.matched()
				: sample.scanned() == 0 ? 0 : (double) inRange / sample.scanned();
		if (percent >= 100.0) {
			// the sample was the whole range
			return new Sourced<>(sample.value(), new Basis(Method.EXACT, 0, 0, millisSince(started)));
		}
		if (estimate > exactRows && sample.matched() * factor <= exactRows / 2.0) {
			// the planner overestimated: few match, so count them all
			Raw<T> exact = runExact(search, condition, columns, query);
			if (exact.matched() <= exactRows) {
				return new Sourced<>(exact.value(), new Basis(Method.EXACT, 0, 0, millisSince(started)));
			}
		}
		return new Sourced<>(scale.apply(sample.value(), factor),
				new Basis(Method.SAMPLE, sample.scanned(), sample.matched(), millisSince(started)));
	}

	private <T> Raw<T> runExact(EventSearch search, SqlCondition condition, List<String> columns,
			SourceQuery<T> query) {
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("cap", this.properties.exactRows() + 1);
		String source = "select " + columnList(columns) + ", true as hit from events e where "
				+ timeCondition(search.time(), params) + " and (" + condition.sql() + ") limit :cap";
		return query.run(source, params);
	}

	private <T> Raw<T> runSample(EventSearch search, SqlCondition condition, List<String> columns, double percent,
			SourceQuery<T> query) {
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("pct", percent);
		params.put("seed", SEED);
		String source = "select " + columnList(columns) + ", coalesce((" + condition.sql() + "), false) as hit"
				+ " from events e tablesample system (cast(:pct as real)) repeatable (:seed) where "
				+ timeCondition(search.time(), params);
		return query.run(source, params);
	}

	private static String columnList(List<String> columns) {
		List<String> named = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			named.add(columns.get(i) + " as c" + i);
		}
		return String.join(", ", named);
	}

	/** The planner's estimate of the matches: an explain, under a millisecond. */
	private long estimate(EventSearch search, SqlCondition condition) {
		Map<String, Object> params = new HashMap<>(condition.params());
		String plan = this.jdbc
			.sql("explain (format json) select 1 from events e where " + timeCondition(search.time(), params) + " and ("
					+ condition.sql() + ")")
			.params(params)
			.query(String.class)
			.single();
		return this.mapper.readTree(plan).path(0).path("Plan").path("Plan Rows").asLong(0);
	}

	/** How many events the window holds, from the rollups. */
	long rangeTotal(TimeRange time) {
		return matches(0, SqlCondition.TRUE, time);
	}

	/**
	 * How many events of the window match a condition on the cuboid's fields, from the
	 * rollups.
	 */
	private long matches(int cuboid, SqlCondition condition, TimeRange time) {
		Map<String, Object> params = new HashMap<>();
		TimeSegments segments = TimeSegments.of(time.from(), time.to(), false);
		Long total = this.jdbc
			.sql("select coalesce(sum(n), 0) from ("
					+ EventCounts.union(cuboid, condition, segments, List.of(), false, "r_", params) + ") x")
			.params(params)
			.query(Long.class)
			.single();
		return total == null ? 0 : total;
	}

	static String timeCondition(TimeRange time, Map<String, Object> params) {
		List<String> parts = new ArrayList<>();
		parts.add("true");
		if (time.from() != null) {
			parts.add("e.event_time >= :t_from");
			params.put("t_from", EventStore.utc(time.from()));
		}
		if (time.to() != null) {
			parts.add("e.event_time < :t_to");
			params.put("t_to", EventStore.utc(time.to()));
		}
		return String.join(" and ", parts);
	}

	static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

}
