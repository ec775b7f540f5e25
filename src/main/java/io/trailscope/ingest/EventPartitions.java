package io.trailscope.ingest;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.database.Timestamps;

/**
 * Owns the monthly partitions of {@code events}: which months lack one, creating them, and
 * listing them with their bounds. All methods run in the caller's transaction.
 */
@Repository
public class EventPartitions {

	/** The months of {@code :months} that have no partition. */
	private static final String MONTHS_WITHOUT_PARTITION = """
			select m from unnest(cast(:months as timestamptz[])) m
			where to_regclass('events_' || to_char(m at time zone 'UTC', 'YYYY"m"MM')) is null
			""";

	private final JdbcClient jdbc;

	EventPartitions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the partitions of these months that do not exist yet. Only months without one go
	 * through ensure_event_partitions: its advisory lock is held until commit, and taken for every
	 * load it would serialise all concurrent loaders.
	 */
	void create(Collection<Instant> months) {
		this.jdbc.sql("select ensure_event_partitions(m, m) from (" + MONTHS_WITHOUT_PARTITION + ") missing")
			.param("months", monthStarts(months))
			.query()
			.listOfRows();
	}

	/** The months of these (each the first instant of its month) that have no partition. */
	List<Instant> missing(Collection<Instant> months) {
		return this.jdbc.sql(MONTHS_WITHOUT_PARTITION)
			.param("months", monthStarts(months))
			.query((rs, n) -> Timestamps.instant(rs, "m"))
			.list();
	}

	private static String[] monthStarts(Collection<Instant> months) {
		return months.stream().map(Instant::toString).toArray(String[]::new);
	}

	/**
	 * The partitions of {@code events} with their bounds as PostgreSQL states them (not as their
	 * names suggest) and the planner's row estimate (-1 until the partition is first analysed).
	 * A partition without a readable range (a default partition) has null bounds.
	 */
	public List<Partition> list() {
		return this.jdbc.sql("""
				select c.relname as name, b.bounds[1]::timestamptz as from_time, b.bounds[2]::timestamptz as to_time,
				  c.reltuples::bigint as estimated_rows
				from pg_inherits i
				join pg_class c on c.oid = i.inhrelid
				cross join lateral (select regexp_match(pg_get_expr(c.relpartbound, c.oid),
				  'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') as bounds) b
				where i.inhparent = 'events'::regclass
				order by from_time nulls last, name
				""")
			.query((rs, n) -> new Partition(rs.getString("name"), Timestamps.instant(rs, "from_time"),
					Timestamps.instant(rs, "to_time"), rs.getLong("estimated_rows")))
			.list();
	}

	/**
	 * A partition of {@code events} with the bounds PostgreSQL holds for it.
	 *
	 * @param name the partition's table name
	 * @param from its inclusive lower bound, or null if it has no range (a default partition)
	 * @param to its exclusive upper bound, or null if it has no range
	 * @param estimatedRows the planner's estimate, -1 before the partition is first analysed
	 */
	public record Partition(String name, Instant from, Instant to, long estimatedRows) {

		/** The month the partition starts in (UTC), or null. */
		public YearMonth month() {
			return this.from == null ? null : YearMonth.from(this.from.atOffset(ZoneOffset.UTC));
		}
	}
}
