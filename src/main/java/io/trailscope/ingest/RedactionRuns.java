package io.trailscope.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.database.Timestamps;

/**
 * Owns the passes of the redact command ({@code redactions}): which rules each applied
 * and how far it got. Runs in the caller's transaction, so a batch's progress commits
 * with its records.
 */
@Repository
class RedactionRuns {

	private static final String COLUMNS = "id, rules, after_time, after_seq, scanned, redacted, started_at, finished_at";

	private final JdbcClient jdbc;

	RedactionRuns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The latest pass with these rules, finished or not. */
	Optional<Pass> latest(String rules) {
		return this.jdbc.sql("select " + COLUMNS + " from redactions where rules = :rules order by id desc limit 1")
			.param("rules", rules)
			.query(RedactionRuns::run)
			.optional();
	}

	Pass start(String rules) {
		return this.jdbc.sql("insert into redactions (rules) values (:rules) returning " + COLUMNS)
			.param("rules", rules)
			.query(RedactionRuns::run)
			.single();
	}

	/**
	 * The pass, locked until the transaction ends: a second process on the same pass
	 * waits for this batch.
	 */
	Pass lock(long id) {
		return this.jdbc.sql("select " + COLUMNS + " from redactions where id = :id for update")
			.param("id", id)
			.query(RedactionRuns::run)
			.single();
	}

	/**
	 * Records a batch as done: its last record, and how many records it read and
	 * redacted.
	 */
	void advance(long id, StoredRecord.Position last, long scanned, long redacted) {
		this.jdbc.sql("""
				update redactions set after_time = :time, after_seq = :seq, scanned = scanned + :scanned,
				  redacted = redacted + :redacted, updated_at = now()
				where id = :id
				""")
			.param("time", Timestamps.utc(last.eventTime()))
			.param("seq", last.seq())
			.param("scanned", scanned)
			.param("redacted", redacted)
			.param("id", id)
			.update();
	}

	void finish(long id) {
		this.jdbc.sql("update redactions set finished_at = now(), updated_at = now() where id = :id")
			.param("id", id)
			.update();
	}

	private static Pass run(ResultSet rs, int row) throws SQLException {
		Instant afterTime = Timestamps.instant(rs, "after_time");
		return new Pass(rs.getLong("id"), rs.getString("rules"),
				afterTime == null ? null : new StoredRecord.Position(afterTime, rs.getLong("after_seq")),
				rs.getLong("scanned"), rs.getLong("redacted"), Timestamps.instant(rs, "started_at"),
				Timestamps.instant(rs, "finished_at"));
	}

	/**
	 * One pass of the redact command over the stored records.
	 *
	 * @param id the pass's id
	 * @param rules the digest of the redactor's rules it applies
	 * @param after the last record it finished, or null before its first batch
	 * @param scanned records it has read
	 * @param redacted records it has changed
	 * @param started when it started
	 * @param finished when it read the last record, or null while it has more to read
	 */
	record Pass(long id, String rules, StoredRecord.Position after, long scanned, long redacted, Instant started,
			Instant finished) {

		boolean done() {
			return this.finished != null;
		}
	}

}
