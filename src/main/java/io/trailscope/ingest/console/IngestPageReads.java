package io.trailscope.ingest.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.database.Timestamps;
import io.trailscope.ingest.Ledger;

/**
 * The reads of the Ingest page: ledger rows, failures, activity and lag, totals.
 * Read-only; the ledger's writes belong to {@link Ledger}, the events' to the pipeline's
 * writer.
 */
@Repository
class IngestPageReads {

	private final JdbcClient jdbc;

	IngestPageReads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private static final String LEDGER_COLUMNS = "o.id, o.source, o.bucket, o.object_key, o.etag, o.size_bytes, "
			+ "o.object_time, o.kind, o.status, o.record_count, o.loaded_count, o.duplicate_count, o.rejected_count, "
			+ "o.error, o.attempts, o.first_seen_at, o.updated_at";

	/**
	 * A failed or partial row whose object has no later outcome: a later version of the
	 * same key (a fixed local file, a rewritten S3 object) that loaded or failed again
	 * supersedes it.
	 */
	private static final String UNRESOLVED_FAILURE = "o.status in ('FAILED', 'PARTIAL') and not exists ("
			+ "select 1 from ingest_objects n where n.bucket = o.bucket and n.object_key = o.object_key"
			+ " and n.status in ('LOADED', 'PARTIAL', 'FAILED') and (n.updated_at, n.id) > (o.updated_at, o.id))";

	Optional<LedgerEntry> findObject(long id) {
		return this.jdbc.sql("select " + LEDGER_COLUMNS + " from ingest_objects o where o.id = :id")
			.param("id", id)
			.query(IngestPageReads::ledgerEntry)
			.optional();
	}

	/** The ledger rows written most recently, newest first. */
	List<LedgerEntry> latestObjects(int limit) {
		return this.jdbc
			.sql("select " + LEDGER_COLUMNS
					+ " from ingest_objects o order by o.updated_at desc, o.id desc limit :limit")
			.param("limit", limit)
			.query(IngestPageReads::ledgerEntry)
			.list();
	}

	/**
	 * Failed and partial objects not superseded by a later outcome, newest first (the
	 * partial index serves it), and how many there are in all, from one scan.
	 */
	FailedObjects failedObjects(int limit) {
		long[] total = { 0 };
		List<LedgerEntry> entries = this.jdbc
			.sql("select " + LEDGER_COLUMNS + ", count(*) over () as total" + " from ingest_objects o where "
					+ UNRESOLVED_FAILURE + " order by o.updated_at desc, o.id desc limit :limit")
			.param("limit", limit)
			.query((rs, row) -> {
				total[0] = rs.getLong("total");
				return ledgerEntry(rs, row);
			})
			.list();
		return new FailedObjects(entries, total[0]);
	}

	/** The newest unresolved failures, and the number of all of them. */
	record FailedObjects(List<LedgerEntry> newest, long total) {
	}

	/**
	 * Objects finished per minute since a time, by {@code updated_at} (minutes without
	 * any are absent).
	 */
	List<MinuteActivity> activitySince(Instant since) {
		return this.jdbc.sql("""
				select date_trunc('minute', updated_at) as minute, count(*) as files,
				  coalesce(sum(loaded_count), 0) as events,
				  count(*) filter (where status in ('FAILED', 'PARTIAL')) as failed
				from ingest_objects
				where updated_at >= :since and status in ('LOADED', 'PARTIAL', 'FAILED')
				group by 1 order by 1
				""")
			.param("since", Timestamps.utc(since))
			.query((rs, n) -> new MinuteActivity(Timestamps.instant(rs, "minute"), rs.getLong("files"),
					rs.getLong("events"), rs.getLong("failed")))
			.list();
	}

	/**
	 * How far behind the latest S3 files are: from event time to stored over (a bounded
	 * sample of) the events of the last {@code files} loaded S3 objects, and from S3's
	 * write time to stored. Only objects written in the last day count, so a backfill of
	 * old files does not read as lag.
	 */
	IngestLag lag(int files) {
		record Seconds(Double median, Double max, long count) {
		}
		Seconds events = this.jdbc.sql("""
				select percentile_cont(0.5) within group (order by lag) as median, max(lag) as max, count(*) as count
				from (select extract(epoch from e.ingested_at - e.event_time)::float8 as lag from events e
				      where e.object_id in (select id from ingest_objects
				                            where status = 'LOADED' and source = 's3' and loaded_count > 0
				                              and object_time >= now() - interval '1 day'
				                            order by updated_at desc limit :files)
				      limit 50000) s
				""")
			.param("files", files)
			.query((rs, n) -> new Seconds((Double) rs.getObject("median"), (Double) rs.getObject("max"),
					rs.getLong("count")))
			.single();
		Seconds objects = this.jdbc.sql("""
				select percentile_cont(0.5) within group (order by lag) as median, max(lag) as max, count(*) as count
				from (select extract(epoch from updated_at - object_time)::float8 as lag from ingest_objects
				      where status = 'LOADED' and source = 's3' and object_time >= now() - interval '1 day'
				      order by updated_at desc limit :files) s
				""")
			.param("files", files)
			.query((rs, n) -> new Seconds((Double) rs.getObject("median"), (Double) rs.getObject("max"),
					rs.getLong("count")))
			.single();
		return new IngestLag(seconds(events.median()), seconds(events.max()), events.count(), seconds(objects.median()),
				seconds(objects.max()), objects.count());
	}

	/** Ledger rows and their events by status, over the whole ledger. */
	List<StatusCount> statusCounts() {
		return this.jdbc.sql("""
				select status, count(*) as objects, coalesce(sum(loaded_count), 0) as loaded,
				  coalesce(sum(duplicate_count), 0) as duplicates, coalesce(sum(rejected_count), 0) as rejected
				from ingest_objects group by status order by status
				""")
			.query((rs, n) -> new StatusCount(rs.getString("status"), rs.getLong("objects"), rs.getLong("loaded"),
					rs.getLong("duplicates"), rs.getLong("rejected")))
			.list();
	}

	/** Skipped and refused objects by kind and reason. */
	List<SkipCount> skipCounts() {
		return this.jdbc.sql("""
				select status, kind, coalesce(error, '') as reason, count(*) as objects from ingest_objects
				where status in ('SKIPPED', 'REFUSED') group by status, kind, error order by status, objects desc, kind
				""")
			.query((rs, n) -> new SkipCount(rs.getString("status"), rs.getString("kind"), rs.getString("reason"),
					rs.getLong("objects")))
			.list();
	}

	/**
	 * Counts the events of one time range exactly (for partitions the planner has no
	 * estimate of yet).
	 */
	long countEvents(Instant from, Instant to) {
		return this.jdbc.sql("select count(*) from events where event_time >= :from and event_time < :to")
			.param("from", Timestamps.utc(from))
			.param("to", Timestamps.utc(to))
			.query(Long.class)
			.single();
	}

	private static LedgerEntry ledgerEntry(ResultSet rs, int row) throws SQLException {
		long size = rs.getLong("size_bytes");
		if (rs.wasNull()) {
			size = -1;
		}
		return new LedgerEntry(rs.getLong("id"), rs.getString("source"), rs.getString("bucket"),
				rs.getString("object_key"), rs.getString("etag"), size, Timestamps.instant(rs, "object_time"),
				rs.getString("kind"), rs.getString("status"), rs.getLong("record_count"), rs.getLong("loaded_count"),
				rs.getLong("duplicate_count"), rs.getLong("rejected_count"), rs.getString("error"),
				rs.getInt("attempts"), Timestamps.instant(rs, "first_seen_at"), Timestamps.instant(rs, "updated_at"));
	}

	private static Duration seconds(Double seconds) {
		return seconds == null ? null : Duration.ofMillis(Math.round(seconds * 1000));
	}

}
