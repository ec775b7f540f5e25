package io.trailscope.ingest.s3;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.database.Timestamps;

/** Owns the statements on {@code backfills}: runs and their resume positions. */
@Repository
class BackfillStore {

	private static final String COLUMNS = "id, bucket, prefix, from_date, to_date, status, listed, loaded, skipped, "
			+ "failed, events, error, started_at, updated_at, position";

	private final JdbcClient jdbc;

	BackfillStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	BackfillRun create(String bucket, String prefix, LocalDate from, LocalDate to) {
		return this.jdbc
			.sql("insert into backfills (bucket, prefix, from_date, to_date, status) "
					+ "values (:bucket, :prefix, :from, :to, 'RUNNING') returning " + COLUMNS)
			.params(same(bucket, prefix, from, to))
			.query(BackfillStore::run)
			.single();
	}

	/**
	 * The latest run of the same prefix and range that stopped before its end, marked
	 * running again, or empty if there is none (or one is running).
	 */
	Optional<BackfillRun> resume(String bucket, String prefix, LocalDate from, LocalDate to) {
		return this.jdbc.sql("""
				update backfills set status = 'RUNNING', error = null, updated_at = now()
				where id = (select id from backfills
				            where bucket = :bucket and prefix = :prefix
				              and from_date is not distinct from :from and to_date is not distinct from :to
				            order by started_at desc, id desc limit 1)
				  and status in ('INTERRUPTED', 'FAILED')
				returning """ + " " + COLUMNS)
			.params(same(bucket, prefix, from, to))
			.query(BackfillStore::run)
			.optional();
	}

	/**
	 * The run, marked running again if it had stopped early; empty if it is running or
	 * done.
	 */
	Optional<BackfillRun> resume(long id) {
		return this.jdbc
			.sql("update backfills set status = 'RUNNING', error = null, updated_at = now() "
					+ "where id = :id and status in ('INTERRUPTED', 'FAILED') returning " + COLUMNS)
			.param("id", id)
			.query(BackfillStore::run)
			.optional();
	}

	/**
	 * A run of the same prefix and range still running (in this or another instance), if
	 * any.
	 */
	Optional<BackfillRun> running(String bucket, String prefix, LocalDate from, LocalDate to) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from backfills where status = 'RUNNING' and bucket = :bucket and prefix = :prefix
				  and from_date is not distinct from :from and to_date is not distinct from :to
				order by id desc limit 1
				""").params(same(bucket, prefix, from, to)).query(BackfillStore::run).optional();
	}

	void progress(long id, Counts counts, String position) {
		this.jdbc.sql("""
				update backfills set listed = :listed, loaded = :loaded, skipped = :skipped, failed = :failed,
				  events = :events, position = :position, updated_at = now()
				where id = :id
				""")
			.param("listed", counts.listed)
			.param("loaded", counts.loaded)
			.param("skipped", counts.skipped)
			.param("failed", counts.failed)
			.param("events", counts.events)
			.param("position", position)
			.param("id", id)
			.update();
	}

	void finish(long id, String status, String error) {
		this.jdbc.sql("update backfills set status = :status, error = :error, updated_at = now() where id = :id")
			.param("status", status)
			.param("error", error)
			.param("id", id)
			.update();
	}

	/**
	 * Marks runs that stopped without saying so (their process ended) as interrupted: a
	 * live run writes its progress far more often than {@code silence}.
	 * @return how many
	 */
	int interruptSilent(Duration silence) {
		return this.jdbc
			.sql("""
					update backfills set status = 'INTERRUPTED', error = 'the process running it stopped', updated_at = now()
					where status = 'RUNNING' and updated_at < now() - make_interval(secs => :seconds)
					""")
			.param("seconds", silence.toSeconds())
			.update();
	}

	Optional<BackfillRun> find(long id) {
		return this.jdbc.sql("select " + COLUMNS + " from backfills where id = :id")
			.param("id", id)
			.query(BackfillStore::run)
			.optional();
	}

	List<BackfillRun> recent(int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from backfills order by started_at desc, id desc limit :limit")
			.param("limit", Math.max(1, Math.min(limit, 1000)))
			.query(BackfillStore::run)
			.list();
	}

	/** The parameters that say which backfill a run is: its prefix and range. */
	private static Map<String, Object> same(String bucket, String prefix, LocalDate from, LocalDate to) {
		Map<String, Object> params = new HashMap<>();
		params.put("bucket", bucket);
		params.put("prefix", prefix);
		params.put("from", from == null ? null : Date.valueOf(from));
		params.put("to", to == null ? null : Date.valueOf(to));
		return params;
	}

	private static BackfillRun run(ResultSet rs, int row) throws SQLException {
		Date from = rs.getDate("from_date");
		Date to = rs.getDate("to_date");
		return new BackfillRun(rs.getLong("id"), rs.getString("bucket"), rs.getString("prefix"),
				from == null ? null : from.toLocalDate(), to == null ? null : to.toLocalDate(), rs.getString("status"),
				rs.getLong("listed"), rs.getLong("loaded"), rs.getLong("skipped"), rs.getLong("failed"),
				rs.getLong("events"), rs.getString("error"), Timestamps.instant(rs, "started_at"),
				Timestamps.instant(rs, "updated_at"), rs.getString("position"));
	}

	/** The running totals of a run. */
	static final class Counts {

		long listed;

		long loaded;

		long skipped;

		long failed;

		long events;

		Counts() {
		}

		Counts(BackfillRun run) {
			this.listed = run.listed();
			this.loaded = run.loaded();
			this.skipped = run.skipped();
			this.failed = run.failed();
			this.events = run.events();
		}

	}

}
