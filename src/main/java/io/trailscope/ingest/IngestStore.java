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
}
