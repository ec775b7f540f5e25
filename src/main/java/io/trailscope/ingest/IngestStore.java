package io.trailscope.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * Owns every statement of the ingest module: the COPY into the event store and the ledger.
 * All methods run in the caller's transaction.
 */
@Repository
class IngestStore {

	/** The event store's columns the loader writes, in the order of its COPY (the object's id follows). */
	static final String COPY_COLUMNS = "event_time, event_id, recipient_account_id, event_version, event_name, "
			+ "event_source, aws_region, source_address, source_ip, user_agent, error_code, error_message, read_only, "
			+ "event_type, event_category, management_event, shared_event_id, request_id, identity_type, principal_id, "
			+ "principal_arn, identity_account_id, access_key_id, user_name, invoked_by, session_issuer_type, "
			+ "session_issuer_arn, session_issuer_user_name, mfa_authenticated, session_created, source_identity, "
			+ "principal, search_terms, record";

	private static final int FLUSH_BYTES = 1 << 20;

	/** Rows a chunk holds at most: each chunk costs a look-up of its keys and a COPY. */
	private static final int CHUNK_ROWS = 1000;

	/** Characters of record JSON a chunk holds at most, so that large records make small chunks. */
	private static final long CHUNK_CHARS = 8L << 20;

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

	/** The months of {@code :months} that have no partition. */
	private static final String MONTHS_WITHOUT_PARTITION = """
			select m from unnest(cast(:months as timestamptz[])) m
			where to_regclass('events_' || to_char(m at time zone 'UTC', 'YYYY"m"MM')) is null
			""";

	/**
	 * Creates the partitions of these months that do not exist yet. Only months without one go
	 * through ensure_event_partitions: its advisory lock is held until commit, and taken for every
	 * load it would serialise all concurrent loaders.
	 */
	void createPartitions(Collection<Instant> months) {
		this.jdbc.sql("select ensure_event_partitions(m, m) from (" + MONTHS_WITHOUT_PARTITION + ") missing")
			.param("months", monthStarts(months))
			.query()
			.listOfRows();
	}

	private List<Instant> missingPartitions(Collection<Instant> months) {
		return this.jdbc.sql(MONTHS_WITHOUT_PARTITION)
			.param("months", monthStarts(months))
			.query((rs, n) -> instant(rs, "m"))
			.list();
	}

	private static String[] monthStarts(Collection<Instant> months) {
		return months.stream().map(Instant::toString).toArray(String[]::new);
	}

	/**
	 * Starts loading one object's rows into the event store, in this transaction.
	 * @param insertIfAbsent stage each chunk and insert what the store lacks, for a load that met
	 * a key its look-up missed (another load's, or one only PostgreSQL sees as equal)
	 */
	Batch openBatch(long objectId, boolean insertIfAbsent) {
		return new Batch(objectId, insertIfAbsent);
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

	/**
	 * The rows of one object on their way into the event store, a chunk at a time. A chunk drops the
	 * rows the store already has (an index-only look-up of their keys) and those it repeats itself,
	 * makes sure the months it needs have partitions, and COPYs the rest straight into the store:
	 * each row is written once, where an insert-if-absent from a staging table wrote it twice
	 * (ADR 9). Memory is bounded by the chunk, whatever the file's size.
	 *
	 * <p>A concurrent load of the same events is invisible to the look-up until it commits; the
	 * COPY then waits for it and fails on the primary key, and the caller loads the object again
	 * ({@link ConcurrentLoadException}), when the look-up sees those rows.
	 */
	final class Batch {

		private final long objectId;

		private final List<NormalizedEvent> chunk = new ArrayList<>(CHUNK_ROWS);

		private final Set<Instant> monthsReady = new HashSet<>();

		private final boolean insertIfAbsent;

		private long chunkChars;

		private long rows;

		private long loaded;

		private Batch(long objectId, boolean insertIfAbsent) {
			this.objectId = objectId;
			this.insertIfAbsent = insertIfAbsent;
		}

		void add(NormalizedEvent event) {
			this.chunk.add(event);
			this.rows++;
			this.chunkChars += event.recordJson().length();
			if (this.chunk.size() >= CHUNK_ROWS || this.chunkChars >= CHUNK_CHARS) {
				flush();
			}
		}

		/** Rows added, duplicates included. */
		long rows() {
			return this.rows;
		}

		/** Rows stored: those that were new. */
		long loaded() {
			return this.loaded;
		}

		/** Stores what is left; everything added is then visible to this transaction. */
		void close() {
			flush();
		}

		private void flush() {
			if (this.chunk.isEmpty()) {
				return;
			}
			Map<EventKey, NormalizedEvent> fresh = new LinkedHashMap<>();
			Instant from = Instant.MAX;
			Instant to = Instant.MIN;
			for (NormalizedEvent e : this.chunk) {
				fresh.putIfAbsent(new EventKey(e.eventId(), e.recipientAccountId(), e.eventTime()), e);
				from = e.eventTime().isBefore(from) ? e.eventTime() : from;
				to = e.eventTime().isAfter(to) ? e.eventTime() : to;
			}
			this.chunk.clear();
			this.chunkChars = 0;
			ensurePartitions(fresh.values());
			storedKeys(fresh.keySet(), from, to).forEach(fresh::remove);
			if (fresh.isEmpty()) {
				return;
			}
			this.loaded += this.insertIfAbsent ? stageAndInsert(fresh.values()) : copy(fresh.values());
		}

		private List<EventKey> storedKeys(Set<EventKey> keys, Instant from, Instant to) {
			String[] ids = keys.stream().map(EventKey::eventId).distinct().toArray(String[]::new);
			return IngestStore.this.jdbc.sql("""
					select event_id, recipient_account_id, event_time from events
					where event_id = any(:ids) and event_time >= :from and event_time <= :to
					""")
				.param("ids", ids)
				.param("from", utc(from))
				.param("to", utc(to))
				.query((rs, n) -> new EventKey(rs.getString("event_id"), rs.getString("recipient_account_id"),
						instant(rs, "event_time")))
				.list();
		}

		/**
		 * Makes sure the months of these rows have partitions, or ends the load
		 * ({@link MissingPartitionsException}) so that they are created in a transaction of their
		 * own and the object loaded again. Creating a partition locks the whole store until its
		 * transaction ends: created here, that lock would be held while the rest of the file is
		 * read, and a load that holds a lock on the store must not wait for another creating one.
		 */
		private void ensurePartitions(Collection<NormalizedEvent> events) {
			Set<Instant> months = new HashSet<>();
			for (NormalizedEvent e : events) {
				Instant month = e.eventTime().atOffset(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
					.toInstant();
				if (!this.monthsReady.contains(month)) {
					months.add(month);
				}
			}
			if (months.isEmpty()) {
				return;
			}
			List<Instant> missing = missingPartitions(months);
			if (!missing.isEmpty()) {
				throw new MissingPartitionsException(missing);
			}
			this.monthsReady.addAll(months);
		}

		/** COPYs the rows into the store. */
		private long copy(Collection<NormalizedEvent> events) {
			copyInto("events", events);
			return events.size();
		}

		/**
		 * COPYs the rows into a temporary table and inserts those the store lacks: twice the
		 * writes of {@link #copy}, but no key can fail it, whatever the look-up missed.
		 */
		private long stageAndInsert(Collection<NormalizedEvent> events) {
			JdbcClient jdbc = IngestStore.this.jdbc;
			jdbc.sql("create temp table if not exists events_stage on commit drop as select " + COPY_COLUMNS
					+ ", object_id from events limit 0").update();
			copyInto("events_stage", events);
			long inserted = jdbc.sql("insert into events (" + COPY_COLUMNS + ", object_id) select " + COPY_COLUMNS
					+ ", object_id from events_stage on conflict do nothing").update();
			jdbc.sql("delete from events_stage").update();
			return inserted;
		}

		private void copyInto(String table, Collection<NormalizedEvent> events) {
			Connection connection = DataSourceUtils.getConnection(IngestStore.this.dataSource);
			CopyIn copy = null;
			try {
				copy = connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("copy " + table + " (" + COPY_COLUMNS + ", object_id) from stdin (format csv)");
				StringBuilder b = new StringBuilder(FLUSH_BYTES + 64 * 1024);
				for (NormalizedEvent e : events) {
					encode(b, e, this.objectId);
					if (b.length() >= FLUSH_BYTES) {
						write(copy, b);
					}
				}
				write(copy, b);
				copy.endCopy();
			}
			catch (SQLException ex) {
				if (isConcurrentLoad(ex)) {
					throw new ConcurrentLoadException(ex);
				}
				throw new DataAccessResourceFailureException("COPY into the event store failed", ex);
			}
			finally {
				cancelIfActive(copy);
			}
		}
	}

	/** What makes an event itself: the primary key. */
	private record EventKey(String eventId, String recipientAccountId, Instant eventTime) {
	}

	/** Another transaction stored the same key first (23505), or the two waited on each other (40P01). */
	private static boolean isConcurrentLoad(SQLException ex) {
		for (SQLException e = ex; e != null; e = e.getNextException()) {
			if ("23505".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private static void write(CopyIn copy, StringBuilder b) throws SQLException {
		if (b.isEmpty()) {
			return;
		}
		byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
		b.setLength(0);
		copy.writeToCopy(bytes, 0, bytes.length);
	}

	private static void cancelIfActive(CopyIn copy) {
		try {
			if (copy != null && copy.isActive()) {
				copy.cancelCopy();
			}
		}
		catch (SQLException ex) {
			// the transaction is rolled back anyway
		}
	}

	/** One row as a line of COPY's CSV. */
	private static void encode(StringBuilder b, NormalizedEvent e, long objectId) {
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
		arrayField(b, e.searchTerms());
		b.append(',');
		quoted(b, e.recordJson());
		b.append(',').append(objectId).append('\n');
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
		int from = 0;
		for (int quote = value.indexOf('"'); quote >= 0; quote = value.indexOf('"', from)) {
			b.append(value, from, quote + 1).append('"');
			from = quote + 1;
		}
		b.append(value, from, value.length()).append('"');
	}

	/**
	 * A text[] literal as one CSV field: each element double-quoted with its quotes and
	 * backslashes escaped for the array, then every quote doubled for CSV.
	 */
	private static void arrayField(StringBuilder b, List<String> values) {
		b.append(",\"{");
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				b.append(',');
			}
			b.append("\"\"");
			String value = values.get(i);
			for (int j = 0; j < value.length(); j++) {
				char c = value.charAt(j);
				if (c == '"') {
					b.append("\\\"\"");
				}
				else if (c == '\\') {
					b.append("\\\\");
				}
				else {
					b.append(c);
				}
			}
			b.append("\"\"");
		}
		b.append("}\"");
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
