package io.trailscope.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * Owns every statement of the ingest module: the staged COPY into the event store and the ledger.
 * All methods run in the caller's transaction.
 */
@Repository
class IngestStore {

	static final String STAGE_COLUMNS = "event_time, event_id, recipient_account_id, event_version, event_name, "
			+ "event_source, aws_region, source_address, source_ip, user_agent, error_code, error_message, read_only, "
			+ "event_type, event_category, management_event, shared_event_id, request_id, identity_type, principal_id, "
			+ "principal_arn, identity_account_id, access_key_id, user_name, invoked_by, session_issuer_type, "
			+ "session_issuer_arn, session_issuer_user_name, mfa_authenticated, session_created, source_identity, "
			+ "principal, search_terms, record";

	private static final int FLUSH_BYTES = 1 << 20;

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	IngestStore(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/**
	 * Claims an object in the ledger, or finds it already done. The row lock taken here holds until
	 * the transaction ends, so two consumers handed the same object load it once.
	 * @return the ledger id to load under, or empty if the object was already loaded or skipped
	 */
	Optional<Long> claim(ObjectRef ref) {
		record Claim(long id, String status) {
		}
		Claim claim = this.jdbc.sql("""
				insert into ingest_objects (source, bucket, object_key, etag, size_bytes, object_time, kind, status)
				values (:source, :bucket, :key, :etag, :size, :time, :kind, 'LOADING')
				on conflict (bucket, object_key, etag) do update
				  set attempts = case when ingest_objects.status in ('LOADED', 'SKIPPED') then ingest_objects.attempts
				                      else ingest_objects.attempts + 1 end,
				      updated_at = case when ingest_objects.status in ('LOADED', 'SKIPPED') then ingest_objects.updated_at
				                        else now() end
				returning id, status
				""")
			.params(ledgerParams(ref))
			.query(Claim.class)
			.single();
		return "LOADED".equals(claim.status()) || "SKIPPED".equals(claim.status()) ? Optional.empty()
				: Optional.of(claim.id());
	}

	/**
	 * Whether this version of an object is already loaded or skipped, so a backfill need not even
	 * ask S3 about it.
	 */
	boolean isDone(String bucket, String key, String etag) {
		return this.jdbc.sql("""
				select exists (select 1 from ingest_objects
				               where bucket = :bucket and object_key = :key and etag = :etag
				                 and status in ('LOADED', 'SKIPPED'))
				""")
			.param("bucket", bucket)
			.param("key", key)
			.param("etag", etag == null ? "" : etag.replace("\"", ""))
			.query(Boolean.class)
			.single();
	}

	/**
	 * Removes the failure recorded for an object before its version was known (its HEAD failed),
	 * once a version of it has been loaded, so the failed list does not keep what is done.
	 */
	void forgetUnversionedFailure(String bucket, String key) {
		this.jdbc.sql("""
				delete from ingest_objects
				where bucket = :bucket and object_key = :key and etag = '' and status = 'FAILED'
				""")
			.param("bucket", bucket)
			.param("key", key)
			.update();
	}

	/** Opens a COPY into this transaction's staging table. */
	Stage openStage() {
		this.jdbc.sql("""
				create temp table if not exists events_stage (
				  event_time timestamptz, event_id text, recipient_account_id text, event_version text,
				  event_name text, event_source text, aws_region text, source_address text, source_ip inet,
				  user_agent text, error_code text, error_message text, read_only boolean, event_type text,
				  event_category text, management_event boolean, shared_event_id text, request_id text,
				  identity_type text, principal_id text, principal_arn text, identity_account_id text,
				  access_key_id text, user_name text, invoked_by text, session_issuer_type text,
				  session_issuer_arn text, session_issuer_user_name text, mfa_authenticated boolean,
				  session_created timestamptz, source_identity text, principal text, search_terms text[],
				  record jsonb) on commit delete rows
				""").update();
		// No truncate: "on commit delete rows" leaves the table empty for every transaction, and a
		// rolled-back load leaves no visible rows; an explicit truncate would make a new file per load.
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			CopyIn copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy events_stage (" + STAGE_COLUMNS + ") from stdin (format csv)");
			return new Stage(copy);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not start COPY into the staging table", ex);
		}
	}

	/**
	 * Moves the staged rows into the event store: creates the monthly partitions they need, then
	 * inserts those not already there.
	 * @return how many rows were new
	 */
	long publishStage(long objectId) {
		// Only months without a partition go through ensure_event_partitions: its advisory lock is
		// held until commit, and taken for every load it would serialise all concurrent loaders.
		this.jdbc.sql("""
				select ensure_event_partitions(m, m) from (
				  select distinct date_trunc('month', event_time at time zone 'UTC') at time zone 'UTC' as m
				  from events_stage) months
				where to_regclass('events_' || to_char(m at time zone 'UTC', 'YYYY"m"MM')) is null
				""").query().listOfRows();
		return this.jdbc.sql("insert into events (" + STAGE_COLUMNS + ", object_id) select " + STAGE_COLUMNS
				+ ", :objectId from events_stage on conflict do nothing")
			.param("objectId", objectId)
			.update();
	}

	void finish(long id, IngestResult result) {
		this.jdbc.sql("""
				update ingest_objects set status = :status, record_count = :records, loaded_count = :loaded,
				  duplicate_count = :duplicates, rejected_count = :rejected, error = :error, updated_at = now()
				where id = :id
				""")
			.param("status", result.status().name())
			.param("records", (int) result.records())
			.param("loaded", (int) result.loaded())
			.param("duplicates", (int) result.duplicates())
			.param("rejected", (int) result.rejected())
			.param("error", result.error())
			.param("id", id)
			.update();
	}

	/** Records an object that was not loaded (skipped, or failed before or while loading). */
	void record(ObjectRef ref, IngestResult.Status status, String error) {
		this.jdbc.sql("""
				insert into ingest_objects (source, bucket, object_key, etag, size_bytes, object_time, kind, status, error)
				values (:source, :bucket, :key, :etag, :size, :time, :kind, :status, :error)
				on conflict (bucket, object_key, etag) do update
				  set status = excluded.status, error = excluded.error, attempts = ingest_objects.attempts + 1,
				      updated_at = now()
				  where ingest_objects.status <> 'LOADED'
				""")
			.params(ledgerParams(ref))
			.param("status", status.name())
			.param("error", error)
			.update();
	}

	private static java.util.Map<String, Object> ledgerParams(ObjectRef ref) {
		java.util.Map<String, Object> params = new java.util.HashMap<>();
		params.put("source", ref.source());
		params.put("bucket", ref.bucket());
		params.put("key", ref.key());
		params.put("etag", ref.etag());
		params.put("size", ref.size() < 0 ? null : ref.size());
		params.put("time", ref.lastModified() == null ? null : java.sql.Timestamp.from(ref.lastModified()));
		params.put("kind", ref.kind().name());
		return params;
	}

	/** Rows on their way into the staging table, encoded as COPY's CSV. */
	static final class Stage {

		private final CopyIn copy;

		private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 64 * 1024);

		private long rows;

		Stage(CopyIn copy) {
			this.copy = copy;
		}

		void add(NormalizedEvent e) {
			StringBuilder b = this.buffer;
			b.append(e.eventTime());
			field(b, e.eventId());
			field(b, e.recipientAccountId());
			field(b, e.eventVersion());
			field(b, e.eventName());
			field(b, e.eventSource());
			field(b, e.awsRegion());
			field(b, e.sourceAddress());
			field(b, e.sourceIp());
			field(b, e.userAgent());
			field(b, e.errorCode());
			field(b, e.errorMessage());
			bool(b, e.readOnly());
			field(b, e.eventType());
			field(b, e.eventCategory());
			bool(b, e.managementEvent());
			field(b, e.sharedEventId());
			field(b, e.requestId());
			field(b, e.identityType());
			field(b, e.principalId());
			field(b, e.principalArn());
			field(b, e.identityAccountId());
			field(b, e.accessKeyId());
			field(b, e.userName());
			field(b, e.invokedBy());
			field(b, e.sessionIssuerType());
			field(b, e.sessionIssuerArn());
			field(b, e.sessionIssuerUserName());
			bool(b, e.mfaAuthenticated());
			time(b, e.sessionCreated());
			field(b, e.sourceIdentity());
			field(b, e.principal());
			field(b, arrayLiteral(e.searchTerms()));
			b.append(',');
			quoted(b, e.recordJson());
			b.append('\n');
			this.rows++;
			if (b.length() >= FLUSH_BYTES) {
				flush();
			}
		}

		long rows() {
			return this.rows;
		}

		/** Ends the COPY; the rows are then visible to this transaction. */
		void close() {
			flush();
			try {
				this.copy.endCopy();
			}
			catch (SQLException ex) {
				throw new DataAccessResourceFailureException("COPY into the staging table failed", ex);
			}
		}

		/** Abandons the COPY after a failure, so the connection can roll back. */
		void abort() {
			try {
				if (this.copy.isActive()) {
					this.copy.cancelCopy();
				}
			}
			catch (SQLException ex) {
				// the transaction is rolled back anyway
			}
		}

		private void flush() {
			if (this.buffer.length() == 0) {
				return;
			}
			byte[] bytes = this.buffer.toString().getBytes(StandardCharsets.UTF_8);
			this.buffer.setLength(0);
			try {
				this.copy.writeToCopy(bytes, 0, bytes.length);
			}
			catch (SQLException ex) {
				throw new DataAccessResourceFailureException("COPY into the staging table failed", ex);
			}
		}

		private static void time(StringBuilder b, Instant value) {
			b.append(',');
			if (value != null) {
				b.append(value);
			}
		}

		private static void field(StringBuilder b, String value) {
			b.append(',');
			if (value != null) {
				quoted(b, value);
			}
		}

		private static void bool(StringBuilder b, Boolean value) {
			b.append(',');
			if (value != null) {
				b.append(value ? 't' : 'f');
			}
		}

		/** CSV quoting: an empty quoted string is an empty value, an absent one is NULL. */
		private static void quoted(StringBuilder b, String value) {
			b.append('"');
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '"') {
					b.append('"');
				}
				b.append(c);
			}
			b.append('"');
		}

		private static String arrayLiteral(List<String> values) {
			StringBuilder b = new StringBuilder(values.size() * 16 + 2).append('{');
			for (int i = 0; i < values.size(); i++) {
				if (i > 0) {
					b.append(',');
				}
				b.append('"');
				String value = values.get(i);
				for (int j = 0; j < value.length(); j++) {
					char c = value.charAt(j);
					if (c == '"' || c == '\\') {
						b.append('\\');
					}
					b.append(c);
				}
				b.append('"');
			}
			return b.append('}').toString();
		}
	}

	// ---- the Ingest page and retention (reads of the ledger, partition housekeeping) -------------

	private static final String LEDGER_COLUMNS = "o.id, o.source, o.bucket, o.object_key, o.etag, o.size_bytes, "
			+ "o.object_time, o.kind, o.status, o.record_count, o.loaded_count, o.duplicate_count, o.rejected_count, "
			+ "o.error, o.attempts, o.first_seen_at, o.updated_at";

	/**
	 * A failed or partial row whose object has no later outcome: a later version of the same key
	 * (a fixed local file, a rewritten S3 object) that loaded or failed again supersedes it.
	 */
	private static final String UNRESOLVED_FAILURE = "o.status in ('FAILED', 'PARTIAL') and not exists ("
			+ "select 1 from ingest_objects n where n.bucket = o.bucket and n.object_key = o.object_key"
			+ " and n.status in ('LOADED', 'PARTIAL', 'FAILED') and (n.updated_at, n.id) > (o.updated_at, o.id))";

	Optional<LedgerEntry> findObject(long id) {
		return this.jdbc.sql("select " + LEDGER_COLUMNS + " from ingest_objects o where o.id = :id")
			.param("id", id)
			.query(IngestStore::ledgerEntry)
			.optional();
	}

	/** The ledger rows written most recently, newest first. */
	List<LedgerEntry> latestObjects(int limit) {
		return this.jdbc.sql("select " + LEDGER_COLUMNS
				+ " from ingest_objects o order by o.updated_at desc, o.id desc limit :limit")
			.param("limit", limit)
			.query(IngestStore::ledgerEntry)
			.list();
	}

	/**
	 * Failed and partial objects not superseded by a later outcome, newest first (the partial index
	 * serves it), and how many there are in all, from one scan.
	 */
	FailedObjects failedObjects(int limit) {
		long[] total = { 0 };
		List<LedgerEntry> entries = this.jdbc.sql("select " + LEDGER_COLUMNS + ", count(*) over () as total"
				+ " from ingest_objects o where " + UNRESOLVED_FAILURE + " order by o.updated_at desc, o.id desc limit :limit")
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

	/** Objects finished per minute since a time, by {@code updated_at} (minutes without any are absent). */
	List<MinuteActivity> activitySince(Instant since) {
		return this.jdbc.sql("""
				select date_trunc('minute', updated_at) as minute, count(*) as files,
				  coalesce(sum(loaded_count), 0) as events,
				  count(*) filter (where status in ('FAILED', 'PARTIAL')) as failed
				from ingest_objects
				where updated_at >= :since and status in ('LOADED', 'PARTIAL', 'FAILED')
				group by 1 order by 1
				""")
			.param("since", utc(since))
			.query((rs, n) -> new MinuteActivity(instant(rs, "minute"), rs.getLong("files"), rs.getLong("events"),
					rs.getLong("failed")))
			.list();
	}

	/**
	 * How far behind the latest S3 files are: from event time to stored over (a bounded sample of)
	 * the events of the last {@code files} loaded S3 objects, and from S3's write time to stored.
	 * Only objects written in the last day count, so a backfill of old files does not read as lag.
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
			.query((rs, n) -> new Seconds((Double) rs.getObject("median"), (Double) rs.getObject("max"), rs.getLong("count")))
			.single();
		Seconds objects = this.jdbc.sql("""
				select percentile_cont(0.5) within group (order by lag) as median, max(lag) as max, count(*) as count
				from (select extract(epoch from updated_at - object_time)::float8 as lag from ingest_objects
				      where status = 'LOADED' and source = 's3' and object_time >= now() - interval '1 day'
				      order by updated_at desc limit :files) s
				""")
			.param("files", files)
			.query((rs, n) -> new Seconds((Double) rs.getObject("median"), (Double) rs.getObject("max"), rs.getLong("count")))
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

	/** Skipped objects by kind and reason. */
	List<SkipCount> skipCounts() {
		return this.jdbc.sql("""
				select kind, coalesce(error, '') as reason, count(*) as objects from ingest_objects
				where status = 'SKIPPED' group by kind, error order by objects desc, kind
				""")
			.query((rs, n) -> new SkipCount(rs.getString("kind"), rs.getString("reason"), rs.getLong("objects")))
			.list();
	}

	/**
	 * The partitions of {@code events} with their bounds as PostgreSQL states them (not as their
	 * names suggest) and the planner's row estimate (-1 until the partition is first analysed).
	 * A partition without a readable range (a default partition) has null bounds.
	 */
	List<EventPartition> eventPartitions() {
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
			.query((rs, n) -> new EventPartition(rs.getString("name"), instant(rs, "from_time"), instant(rs, "to_time"),
					rs.getLong("estimated_rows")))
			.list();
	}

	/** Counts the events of one time range exactly (for partitions the planner has no estimate of yet). */
	long countEvents(Instant from, Instant to) {
		return this.jdbc.sql("select count(*) from events where event_time >= :from and event_time < :to")
			.param("from", utc(from))
			.param("to", utc(to))
			.query(Long.class)
			.single();
	}

	/**
	 * Drops whole monthly partitions of {@code events} that end at or before the cutoff, in the
	 * caller's transaction. Holds the lock that {@code ensure_event_partitions} takes, so a loader
	 * cannot create a month while it is being dropped; a load already inserting into a month being
	 * dropped waits for the drop and then fails (no partition for its rows), and is retried like any
	 * database failure. Gives up (throws) rather than queue searches behind it for long when a
	 * long-running query holds the table.
	 * @return the partitions dropped
	 */
	List<EventPartition> dropEventPartitionsEndingBy(Instant cutoff) {
		this.jdbc.sql("select pg_advisory_xact_lock(hashtext('events_partitions'))").query().listOfRows();
		this.jdbc.sql("set local lock_timeout = '10s'").update();
		List<EventPartition> dropped = eventPartitions().stream()
			.filter(p -> p.to() != null && !p.to().isAfter(cutoff))
			.toList();
		for (EventPartition partition : dropped) {
			// an identifier cannot be a bound parameter: PostgreSQL quotes the catalog's own name
			String drop = this.jdbc.sql("select format('drop table %I', cast(:name as text))")
				.param("name", partition.name())
				.query(String.class)
				.single();
			this.jdbc.sql(drop).update();
		}
		return dropped;
	}

	/** Deletes the derived sessions none of whose events (issuing call or calls) remain before a time. */
	long deleteSessionsEndedBefore(Instant before) {
		return this.jdbc.sql("delete from sessions where coalesce(last_activity, created) < :before")
			.param("before", utc(before))
			.update();
	}

	private static LedgerEntry ledgerEntry(java.sql.ResultSet rs, int row) throws SQLException {
		long size = rs.getLong("size_bytes");
		if (rs.wasNull()) {
			size = -1;
		}
		return new LedgerEntry(rs.getLong("id"), rs.getString("source"), rs.getString("bucket"),
				rs.getString("object_key"), rs.getString("etag"), size, instant(rs, "object_time"),
				rs.getString("kind"), rs.getString("status"), rs.getLong("record_count"), rs.getLong("loaded_count"),
				rs.getLong("duplicate_count"), rs.getLong("rejected_count"), rs.getString("error"), rs.getInt("attempts"),
				instant(rs, "first_seen_at"), instant(rs, "updated_at"));
	}

	private static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
		java.time.OffsetDateTime value = rs.getObject(column, java.time.OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static java.time.OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
	}

	private static java.time.Duration seconds(Double seconds) {
		return seconds == null ? null : java.time.Duration.ofMillis(Math.round(seconds * 1000));
	}
}
