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
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

import io.trailscope.database.Timestamps;
import io.trailscope.ingest.record.NormalizedEvent;

/**
 * Owns every write of the {@code events} table: the rows of a load, COPYed a chunk at a
 * time after a look-up of the keys already stored, and the rows of stored records
 * redacted again. All methods run in the caller's transaction.
 */
@Repository
class EventWriter {

	/** The columns of the primary key, which make an event itself. */
	private static final String KEY_COLUMNS = "event_time, event_id, recipient_account_id";

	/** The columns derived from an event's record (the record itself last). */
	private static final List<String> DERIVED_COLUMNS = List.of("event_version", "event_name", "event_source",
			"aws_region", "source_address", "source_ip", "user_agent", "error_code", "error_message", "read_only",
			"event_type", "event_category", "management_event", "shared_event_id", "request_id", "identity_type",
			"principal_id", "principal_arn", "identity_account_id", "access_key_id", "user_name", "invoked_by",
			"session_issuer_type", "session_issuer_arn", "session_issuer_user_name", "mfa_authenticated",
			"session_created", "source_identity", "principal", "search_terms", "record");

	/**
	 * The event store's columns the loader writes, in the order of its COPY (the object's
	 * id follows).
	 */
	static final String COPY_COLUMNS = KEY_COLUMNS + ", " + String.join(", ", DERIVED_COLUMNS);

	/**
	 * Replaces the derived columns of stored events by those of the staged rows of the
	 * same keys.
	 */
	private static final String REWRITE = "update events e set (" + String.join(", ", DERIVED_COLUMNS) + ") = ("
			+ DERIVED_COLUMNS.stream().map(column -> "s." + column).collect(Collectors.joining(", "))
			+ ") from events_stage s where e.event_id = s.event_id and e.recipient_account_id = s.recipient_account_id"
			+ " and e.event_time = s.event_time";

	private static final int FLUSH_BYTES = 1 << 20;

	/** Rows a chunk holds at most: each chunk costs a look-up of its keys and a COPY. */
	private static final int CHUNK_ROWS = 1000;

	/**
	 * Characters of record JSON a chunk holds at most, so that large records make small
	 * chunks.
	 */
	private static final long CHUNK_CHARS = 8L << 20;

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final EventPartitions partitions;

	EventWriter(JdbcClient jdbc, DataSource dataSource, EventPartitions partitions) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.partitions = partitions;
	}

	/**
	 * Starts loading one object's rows into the event store, in this transaction.
	 * @param insertIfAbsent stage each chunk and insert what the store lacks, for a load
	 * that met a key its look-up missed (another load's, or one only PostgreSQL sees as
	 * equal)
	 */
	Batch openBatch(long objectId, boolean insertIfAbsent) {
		return new Batch(objectId, insertIfAbsent);
	}

	/**
	 * The rows of one object on their way into the event store, a chunk at a time. A
	 * chunk drops the rows the store already has (an index-only look-up of their keys)
	 * and those it repeats itself, makes sure the months it needs have partitions, and
	 * COPYs the rest straight into the store: each row is written once, where an
	 * insert-if-absent from a staging table wrote it twice (ADR 9). Memory is bounded by
	 * the chunk, whatever the file's size.
	 *
	 * <p>
	 * A concurrent load of the same events is invisible to the look-up until it commits;
	 * the COPY then waits for it and fails on the primary key, and the caller loads the
	 * object again ({@link ConcurrentLoadException}), when the look-up sees those rows.
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
			return EventWriter.this.jdbc.sql("""
					select event_id, recipient_account_id, event_time from events
					where event_id = any(:ids) and event_time >= :from and event_time <= :to
					""")
				.param("ids", ids)
				.param("from", Timestamps.utc(from))
				.param("to", Timestamps.utc(to))
				.query((rs, n) -> new EventKey(rs.getString("event_id"), rs.getString("recipient_account_id"),
						Timestamps.instant(rs, "event_time")))
				.list();
		}

		/**
		 * Makes sure the months of these rows have partitions, or ends the load
		 * ({@link MissingPartitionsException}) so that they are created in a transaction
		 * of their own and the object loaded again. Creating a partition locks the whole
		 * store until its transaction ends: created here, that lock would be held while
		 * the rest of the file is read, and a load that holds a lock on the store must
		 * not wait for another creating one.
		 */
		private void ensurePartitions(Collection<NormalizedEvent> events) {
			Set<Instant> months = new HashSet<>();
			for (NormalizedEvent e : events) {
				Instant month = e.eventTime()
					.atOffset(ZoneOffset.UTC)
					.withDayOfMonth(1)
					.truncatedTo(ChronoUnit.DAYS)
					.toInstant();
				if (!this.monthsReady.contains(month)) {
					months.add(month);
				}
			}
			if (months.isEmpty()) {
				return;
			}
			List<Instant> missing = EventWriter.this.partitions.missing(months);
			if (!missing.isEmpty()) {
				throw new MissingPartitionsException(missing);
			}
			this.monthsReady.addAll(months);
		}

		/** COPYs the rows into the store. */
		private long copy(Collection<NormalizedEvent> events) {
			copyInto("events", events, this.objectId);
			return events.size();
		}

		/**
		 * COPYs the rows into a temporary table and inserts those the store lacks: twice
		 * the writes of {@link #copy}, but no key can fail it, whatever the look-up
		 * missed.
		 */
		private long stageAndInsert(Collection<NormalizedEvent> events) {
			return staged(events, this.objectId, "insert into events (" + COPY_COLUMNS + ", object_id) select "
					+ COPY_COLUMNS + ", object_id from events_stage on conflict do nothing");
		}

	}

	/**
	 * Stored records in the order of {@code (event_time, seq)}, after a position in it,
	 * for a pass over all of them a batch at a time.
	 * @param after the last record of the previous batch, or null to start at the first
	 */
	List<StoredRecord> storedAfter(StoredRecord.Position after, int limit) {
		String select = "select event_time, seq, event_id, recipient_account_id, object_id, record::text as record "
				+ "from events ";
		String order = "order by event_time, seq limit :limit";
		JdbcClient.StatementSpec statement = after == null ? this.jdbc.sql(select + order)
				: this.jdbc.sql(select + "where (event_time, seq) > (:time, :seq) " + order)
					.param("time", Timestamps.utc(after.eventTime()))
					.param("seq", after.seq());
		return statement.param("limit", limit)
			.query((rs, n) -> new StoredRecord(
					new StoredRecord.Position(Timestamps.instant(rs, "event_time"), rs.getLong("seq")),
					rs.getString("event_id"), rs.getString("recipient_account_id"),
					rs.getObject("object_id", Long.class), rs.getString("record")))
			.list();
	}

	/**
	 * Replaces every derived column of the stored events of these keys (the record, its
	 * search terms and the columns read from it) by these rows'; the key, the object and
	 * the sequence stay.
	 */
	void rewrite(Collection<NormalizedEvent> events) {
		if (!events.isEmpty()) {
			staged(events, 0, REWRITE);
		}
	}

	/**
	 * COPYs the rows into a temporary table, runs {@code statement} over it, and empties
	 * it again.
	 */
	private long staged(Collection<NormalizedEvent> events, long objectId, String statement) {
		this.jdbc
			.sql("create temp table if not exists events_stage on commit drop as select " + COPY_COLUMNS
					+ ", object_id from events limit 0")
			.update();
		copyInto("events_stage", events, objectId);
		long rows = this.jdbc.sql(statement).update();
		this.jdbc.sql("delete from events_stage").update();
		return rows;
	}

	private void copyInto(String table, Collection<NormalizedEvent> events, long objectId) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		CopyIn copy = null;
		try {
			copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy " + table + " (" + COPY_COLUMNS + ", object_id) from stdin (format csv)");
			StringBuilder b = new StringBuilder(FLUSH_BYTES + 64 * 1024);
			for (NormalizedEvent e : events) {
				encode(b, e, objectId);
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

	/** What makes an event itself: the primary key. */
	private record EventKey(String eventId, String recipientAccountId, Instant eventTime) {
	}

	/**
	 * Another transaction stored the same key first (23505), or the two waited on each
	 * other (40P01).
	 */
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

	/**
	 * The COPY met a key the look-up before it missed: usually another load stored some
	 * of the same events while this one ran (overlapping trails, a duplicate notification
	 * handled by a second consumer), rarely two keys that differ in Java and are equal
	 * once stored. The load is rolled back and the object loaded again, inserting only
	 * what the store lacks.
	 */
	static final class ConcurrentLoadException extends RuntimeException {

		ConcurrentLoadException(SQLException cause) {
			super("the store already had a key the look-up did not find: " + cause.getMessage(), cause);
		}

	}

	/**
	 * A load found, after its first chunk, events of months that have no partition yet.
	 * It cannot create them while it holds a lock on the store; it is rolled back, the
	 * months are created, and the object is loaded again.
	 */
	static final class MissingPartitionsException extends RuntimeException {

		private final List<Instant> months;

		MissingPartitionsException(List<Instant> months) {
			super("events of months without a partition: " + months);
			this.months = List.copyOf(months);
		}

		List<Instant> months() {
			return this.months;
		}

	}

}
