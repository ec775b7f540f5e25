package io.trailscope.events;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import io.trailscope.query.SqlCondition;

import io.trailscope.ingest.Ledger;

/**
 * Owns the writes of the rollups ({@code event_counts}, {@code event_counts_objects}):
 * adding the counts of newly loaded objects, recounting hours from the events table and
 * summing days from their hours, and deleting what retention dropped. Every write runs
 * under one advisory lock, so two recounts of the same hour (two instances, or a rebuild
 * beside the worker) never interleave. Its reads answer {@link Aggregations} for queries
 * built from the rollups' {@link Dimension dimensions} only: the condition compiled for
 * the events table runs unchanged on the rollup rows, whose columns have the same names.
 */
@Repository
class EventCounts {

	static final Instant ORIGIN = Instant.parse("2000-01-01T00:00:00Z");

	private static final String COLUMNS = prefixed("");

	/**
	 * What a day's rows group by: the cuboids of the hours, and the principal's pairs.
	 */
	private static final List<Integer> DAY_GROUPINGS = Stream
		.concat(Dimension.CUBOIDS.stream(), Dimension.DAY_CUBOIDS.stream())
		.toList();

	/**
	 * The longest run of hours recounted by one statement: bounds its memory and its
	 * time.
	 */
	private static final Duration LONGEST_RUN = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final Ledger ledger;

	EventCounts(JdbcClient jdbc, Ledger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	/**
	 * Serialises writers until the caller's transaction ends. The events table is locked
	 * first, in the order retention takes both (its drop of a partition locks the table,
	 * then its listener takes this lock): a count that took the advisory lock first and
	 * then read the events waited for the drop while the drop's transaction waited for
	 * it, a deadlock.
	 */
	void lock() {
		this.jdbc.sql("lock table only events in access share mode").update();
		this.jdbc.sql("select pg_advisory_xact_lock(hashtext('event_counts'))").query().listOfRows();
		// every grouping of a day's events hashed at once, instead of sorted one by one
		// on disk
		this.jdbc.sql("set local work_mem = '128MB'").update();
	}

	/** The hours (UTC) that hold events of these ingested objects. */
	SortedSet<Instant> hoursOf(List<Long> objectIds) {
		return new TreeSet<>(this.jdbc
			.sql("select distinct date_bin(interval '1 hour', e.event_time, cast(:origin as timestamptz)) as h"
					+ " from events e where e.object_id = any(:ids)")
			.param("origin", EventStore.utc(ORIGIN))
			.param("ids", objectIds.toArray(Long[]::new))
			.query((rs, n) -> rs.getTimestamp("h").toInstant())
			.list());
	}

	/**
	 * Adds the events of these objects, none of them counted before, to the rows of their
	 * hours and days. The caller holds the {@link #lock()} in its transaction and records
	 * them as counted in it.
	 */
	void add(List<Long> objectIds) {
		for (String grain : List.of("h", "d")) {
			this.jdbc
				.sql("insert into event_counts (grain, bucket, dims, " + COLUMNS + ", n, first_seen, last_seen, key)"
						+ " select cast(:grain as char(1)), x.b, x.dims, " + prefixed("x.") + ", x.n, x.f, x.l, "
						+ key("x.") + " from ("
						+ grouped("e.object_id = any(:ids)", grain.equals("h") ? Dimension.CUBOIDS : DAY_GROUPINGS)
						+ ") x"
						+ " on conflict (grain, bucket, dims, key) do update set n = event_counts.n + excluded.n,"
						+ " first_seen = least(event_counts.first_seen, excluded.first_seen),"
						+ " last_seen = greatest(event_counts.last_seen, excluded.last_seen)")
				.param("grain", grain)
				.param("step", grain.equals("h") ? "1 hour" : "1 day")
				.param("origin", EventStore.utc(ORIGIN))
				.param("ids", objectIds.toArray(Long[]::new))
				.update();
		}
	}

	/**
	 * Counts these hours again from the events table, then sums their days from their
	 * hours. The caller holds the {@link #lock()} in its transaction.
	 */
	void recount(SortedSet<Instant> hours) {
		if (hours.isEmpty()) {
			return;
		}
		for (Run run : runs(hours, Duration.ofHours(1), LONGEST_RUN)) {
			recountHours(run.from(), run.to());
		}
		SortedSet<Instant> days = new TreeSet<>();
		hours.forEach(hour -> days.add(hour.truncatedTo(ChronoUnit.DAYS)));
		for (Run run : runs(days, Duration.ofDays(1), Duration.ofDays(31))) {
			sumDays(run.from(), run.to());
		}
	}

	/**
	 * The counts per bucket ({@code :step} from {@code :origin}) of these cuboids, of the
	 * events that match.
	 */
	private static String grouped(String where, List<Integer> cuboids) {
		StringBuilder dims = new StringBuilder();
		for (Dimension dimension : Dimension.values()) {
			dims.append(dims.isEmpty() ? "" : " + ")
				.append("(case when grouping(e.")
				.append(dimension.column())
				.append(") = 0 then ")
				.append(dimension.bit())
				.append(" else 0 end)");
		}
		String sets = cuboids.stream()
			.map(mask -> "(" + String.join(", ",
					prepend("e.b", Dimension.of(mask).stream().map(d -> "e." + d.column()).toList())) + ")")
			.collect(Collectors.joining(", "));
		return "select e.b, " + dims + " as dims, " + prefixed("e.") + ", count(*) as n, min(e.event_time) as f,"
				+ " max(e.event_time) as l from (select date_bin(cast(:step as interval), event_time, cast(:origin as timestamptz))"
				+ " as b, * from events e where " + where + ") e group by grouping sets (" + sets + ")";
	}

	/**
	 * The row's key: its grouped values, each length-prefixed and null marked apart from
	 * '', hashed.
	 */
	private static String key(String prefix) {
		return "md5(concat(" + Arrays.stream(Dimension.values())
			.map(d -> "coalesce(length(cast(" + prefix + d.column() + " as text)) || ':' || cast(" + prefix + d.column()
					+ " as text), '~')")
			.collect(Collectors.joining(", '|', ")) + "))::uuid";
	}

	private void recountHours(Instant from, Instant to) {
		delete("grain = 'h' and ", from, to);
		this.jdbc
			.sql("insert into event_counts (grain, bucket, dims, " + COLUMNS + ", n, first_seen, last_seen, key)"
					+ " select 'h', x.b, x.dims, " + prefixed("x.") + ", x.n, x.f, x.l, " + key("x.") + " from ("
					+ grouped("e.event_time >= :from and e.event_time < :to", Dimension.CUBOIDS) + ") x")
			.param("step", "1 hour")
			.param("origin", EventStore.utc(ORIGIN))
			.param("from", EventStore.utc(from))
			.param("to", EventStore.utc(to))
			.update();
	}

	private void sumDays(Instant from, Instant to) {
		delete("grain = 'd' and ", from, to);
		this.jdbc
			.sql("insert into event_counts (grain, bucket, dims, " + COLUMNS + ", n, first_seen, last_seen, key)"
					+ " select 'd', date_bin(interval '1 day', bucket, cast(:origin as timestamptz)), dims, " + COLUMNS
					+ ", sum(n), min(first_seen), max(last_seen), key from event_counts"
					+ " where grain = 'h' and bucket >= :from and bucket < :to group by 2, 3, " + COLUMNS + ", key")
			.param("origin", EventStore.utc(ORIGIN))
			.param("from", EventStore.utc(from))
			.param("to", EventStore.utc(to))
			.update();
		// the principal's pairs have no hour rows to sum: counted from the events of the
		// days
		this.jdbc
			.sql("insert into event_counts (grain, bucket, dims, " + COLUMNS + ", n, first_seen, last_seen, key)"
					+ " select 'd', x.b, x.dims, " + prefixed("x.") + ", x.n, x.f, x.l, " + key("x.") + " from ("
					+ grouped("e.event_time >= :from and e.event_time < :to", Dimension.DAY_CUBOIDS) + ") x")
			.param("step", "1 day")
			.param("origin", EventStore.utc(ORIGIN))
			.param("from", EventStore.utc(from))
			.param("to", EventStore.utc(to))
			.update();
	}

	/** Deletes the rollups of [from, to): retention dropped those events. */
	void deleteBetween(Instant from, Instant to) {
		delete("", from, to);
	}

	/**
	 * Deletes the rows of the buckets in [from, to), of one grain
	 * ({@code "grain = 'h' and "}) or all.
	 */
	private void delete(String grain, Instant from, Instant to) {
		this.jdbc.sql("delete from event_counts where " + grain + "bucket >= :from and bucket < :to")
			.param("from", EventStore.utc(from))
			.param("to", EventStore.utc(to))
			.update();
	}

	/**
	 * Of these objects, those already counted: their events are recounted, never added
	 * again.
	 */
	List<Long> counted(List<Long> objectIds) {
		return this.jdbc.sql("select object_id from event_counts_objects where object_id = any(:ids)")
			.param("ids", objectIds.toArray(Long[]::new))
			.query(Long.class)
			.list();
	}

	/**
	 * Records as counted every object with events in [from, to): after a recount of that
	 * window, so that a load the worker has not yet handled is recounted by it rather
	 * than added twice.
	 */
	void markCountedBetween(Instant from, Instant to) {
		this.jdbc.sql("insert into event_counts_objects (object_id) select distinct object_id from events"
				+ " where event_time >= :from and event_time < :to and object_id is not null on conflict (object_id) do nothing")
			.param("from", EventStore.utc(from))
			.param("to", EventStore.utc(to))
			.update();
	}

	void markCounted(List<Long> objectIds) {
		this.jdbc
			.sql("insert into event_counts_objects (object_id) select unnest(:ids) on conflict (object_id) do nothing")
			.param("ids", objectIds.toArray(Long[]::new))
			.update();
	}

	/**
	 * Ingested objects with events whose hours were not counted (loaded while down, or a
	 * failed round).
	 */
	List<Long> pendingObjects() {
		return this.ledger.loadedExcept(this::counted);
	}

	boolean needsRebuild() {
		return this.jdbc.sql("select not exists (select 1 from event_counts) and exists (select 1 from events)")
			.query(Boolean.class)
			.single();
	}

	void deleteAll() {
		this.jdbc.sql("delete from event_counts").update();
		this.jdbc.sql("delete from event_counts_objects").update();
	}

	/**
	 * The first day (UTC) at or after {@code from} that has events, or null: a rebuild
	 * walks the days that have events, one index probe each, not every calendar day
	 * between the oldest and the newest (a stray event of 1980 would make that decades).
	 */
	Instant nextDayWithEvents(Instant from) {
		Timestamp next = (from == null)
				? this.jdbc.sql("select min(event_time) from events").query(Timestamp.class).optional().orElse(null)
				: this.jdbc.sql("select min(event_time) from events where event_time >= :from")
					.param("from", EventStore.utc(from))
					.query(Timestamp.class)
					.optional()
					.orElse(null);
		return next == null ? null : next.toInstant().truncatedTo(ChronoUnit.DAYS);
	}

	// ---- reads
	// ----------------------------------------------------------------------------------------

	/**
	 * The rows of a union that answers for {@code [from, to)}: the cuboid's day and hour
	 * rows of the segments, and the events of the partial hours (from {@code edge} when
	 * the caller made that CTE of them, else from the events table). Each row is the keys
	 * ({@code k0}, {@code k1}, ...), then {@code n}, {@code first_seen},
	 * {@code last_seen}. A key is an SQL expression over alias {@code e} in which
	 * {@code {t}} stands for the time column.
	 * @param params receives the parameters, beside the condition's
	 */
	static String union(int cuboid, SqlCondition condition, TimeSegments segments, List<String> keys, boolean fromEdge,
			String prefix, Map<String, Object> params) {
		List<String> parts = new ArrayList<>();
		List<String> rollupWindows = new ArrayList<>();
		int[] i = { 0 };
		Function<Instant, String> bind = instant -> {
			String name = prefix + "w" + i[0]++;
			params.put(name, EventStore.utc(instant));
			return ":" + name;
		};
		for (TimeSegments.Window day : segments.days()) {
			rollupWindows
				.add("(e.grain = 'd'" + (day.from() == null ? "" : " and e.bucket >= " + bind.apply(day.from()))
						+ (day.to() == null ? "" : " and e.bucket < " + bind.apply(day.to())) + ")");
		}
		for (TimeSegments.Window hours : segments.hours()) {
			rollupWindows.add("(e.grain = 'h' and e.bucket >= " + bind.apply(hours.from()) + " and e.bucket < "
					+ bind.apply(hours.to()) + ")");
		}
		List<String> keyNames = new ArrayList<>();
		for (int k = 0; k < keys.size(); k++) {
			keyNames.add("k" + k);
		}
		if (!rollupWindows.isEmpty()) {
			params.put(prefix + "dims", cuboid);
			parts.add("select " + keyList(keys, "e.bucket")
					+ "e.n, e.first_seen, e.last_seen from event_counts e where e.dims = :" + prefix + "dims and ("
					+ String.join(" or ", rollupWindows) + ") and (" + condition.sql() + ")");
		}
		if (!segments.events().isEmpty()) {
			String groupBy = keys.isEmpty() ? "" : " group by "
					+ String.join(", ", IntStream.rangeClosed(1, keys.size()).mapToObj(String::valueOf).toList());
			String from;
			if (fromEdge) {
				from = "edge e";
			}
			else {
				List<String> windows = new ArrayList<>();
				for (TimeSegments.Window window : segments.events()) {
					windows.add("(e.event_time >= " + bind.apply(window.from()) + " and e.event_time < "
							+ bind.apply(window.to()) + ")");
				}
				from = "events e where (" + String.join(" or ", windows) + ") and (" + condition.sql() + ")";
			}
			parts.add("select " + keyList(keys, "e.event_time") + "count(*) as n, min(e.event_time) as first_seen,"
					+ " max(e.event_time) as last_seen from " + from + groupBy);
		}
		if (parts.isEmpty()) {
			parts.add("select " + keyList(keys.stream().map(k -> "null").toList(), "null")
					+ "0 as n, null::timestamptz," + " null::timestamptz where false");
		}
		params.putAll(condition.params());
		String names = keyNames.isEmpty() ? "" : String.join(", ", keyNames) + ", ";
		return "select " + names + "n, first_seen, last_seen from (" + String.join(" union all ", parts) + ") as u("
				+ names + "n, first_seen, last_seen)";
	}

	/**
	 * The CTE of the events of the partial hours at the ends that match, with every
	 * dimension's column: several cuboids' unions read it instead of the events table
	 * each.
	 */
	static String edge(SqlCondition condition, TimeSegments segments, String prefix, Map<String, Object> params) {
		List<String> windows = new ArrayList<>();
		int i = 0;
		for (TimeSegments.Window window : segments.events()) {
			params.put(prefix + "e" + i, EventStore.utc(window.from()));
			params.put(prefix + "e" + (i + 1), EventStore.utc(window.to()));
			windows
				.add("(e.event_time >= :" + prefix + "e" + i + " and e.event_time < :" + prefix + "e" + (i + 1) + ")");
			i += 2;
		}
		params.putAll(condition.params());
		return "edge as materialized (select " + prefixed("e.") + ", e.event_time from events e where ("
				+ String.join(" or ", windows) + ") and (" + condition.sql() + "))";
	}

	private static String keyList(List<String> keys, String time) {
		StringBuilder sql = new StringBuilder();
		for (String key : keys) {
			sql.append(key.replace("{t}", time)).append(", ");
		}
		return sql.toString();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static String prefixed(String prefix) {
		return Arrays.stream(Dimension.values()).map(d -> prefix + d.column()).collect(Collectors.joining(", "));
	}

	private static List<String> prepend(String first, List<String> rest) {
		List<String> all = new ArrayList<>();
		all.add(first);
		all.addAll(rest);
		return all;
	}

	/** Runs of consecutive units: each becomes one statement over [from, to). */
	private static List<Run> runs(SortedSet<Instant> starts, Duration unit, Duration longest) {
		List<Run> runs = new ArrayList<>();
		Instant from = null;
		Instant to = null;
		for (Instant start : starts) {
			if (to != null && start.equals(to) && Duration.between(from, to).compareTo(longest) < 0) {
				to = start.plus(unit);
				continue;
			}
			if (from != null) {
				runs.add(new Run(from, to));
			}
			from = start;
			to = start.plus(unit);
		}
		if (from != null) {
			runs.add(new Run(from, to));
		}
		return runs;
	}

	private record Run(Instant from, Instant to) {
	}

}
