package io.trailscope.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.database.Timestamps;

/**
 * Owns the ledger of processed objects ({@code ingest_objects}): the claim that makes a
 * load happen once, its outcome, and the objects other modules derive data from. Writes
 * run in the caller's transaction, so a load's rows and its ledger row commit together.
 */
@Repository
public class Ledger {

	/** Ledger ids a page of {@link #loadedExcept} reads at once. */
	private static final int PAGE = 10_000;

	private final JdbcClient jdbc;

	Ledger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims an object in the ledger, or finds it already done. The row lock taken here
	 * holds until the transaction ends, so two consumers handed the same object load it
	 * once.
	 * @return the ledger id to load under, or empty if the object was already loaded or
	 * skipped
	 */
	Optional<Long> claim(ObjectRef ref) {
		record Claim(long id, String status) {
		}
		Claim claim = this.jdbc
			.sql("""
					insert into ingest_objects (source, bucket, object_key, etag, size_bytes, object_time, kind, status)
					values (:source, :bucket, :key, :etag, :size, :time, :kind, 'LOADING')
					on conflict (bucket, object_key, etag) do update
					  set attempts = case when ingest_objects.status in ('LOADED', 'SKIPPED') then ingest_objects.attempts
					                      else ingest_objects.attempts + 1 end,
					      updated_at = case when ingest_objects.status in ('LOADED', 'SKIPPED') then ingest_objects.updated_at
					                        else now() end
					returning id, status
					""")
			.params(params(ref))
			.query(Claim.class)
			.single();
		return "LOADED".equals(claim.status()) || "SKIPPED".equals(claim.status()) ? Optional.empty()
				: Optional.of(claim.id());
	}

	/**
	 * Writes the outcome of a claimed load. Errors quote keys and records, so they are
	 * kept on one line and capped like every error the ledger stores.
	 */
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
			.param("error", OneLine.of(result.error()))
			.param("id", id)
			.update();
	}

	/**
	 * Records an object that was not loaded (skipped, or failed before or while loading).
	 */
	void record(ObjectRef ref, IngestResult.Status status, String error) {
		this.jdbc
			.sql("""
					insert into ingest_objects (source, bucket, object_key, etag, size_bytes, object_time, kind, status, error)
					values (:source, :bucket, :key, :etag, :size, :time, :kind, :status, :error)
					on conflict (bucket, object_key, etag) do update
					  set status = excluded.status, error = excluded.error, attempts = ingest_objects.attempts + 1,
					      updated_at = now()
					  where ingest_objects.status <> 'LOADED'
					""")
			.params(params(ref))
			.param("status", status.name())
			.param("error", OneLine.of(error))
			.update();
	}

	/**
	 * Whether this version of an object is already loaded or skipped, so a backfill need
	 * not even ask S3 about it.
	 */
	public boolean isDone(ObjectRef ref) {
		return this.jdbc.sql("""
				select exists (select 1 from ingest_objects
				               where bucket = :bucket and object_key = :key and etag = :etag
				                 and status in ('LOADED', 'SKIPPED'))
				""")
			.param("bucket", ref.bucket())
			.param("key", ref.key())
			.param("etag", ref.etag())
			.query(Boolean.class)
			.single();
	}

	/**
	 * Removes the failure recorded for an object before its version was known (its HEAD
	 * failed), once a version of it has been loaded, so the failed list does not keep
	 * what is done.
	 */
	public void forgetUnversionedFailure(ObjectRef ref) {
		this.jdbc.sql("""
				delete from ingest_objects
				where bucket = :bucket and object_key = :key and etag = '' and status = 'FAILED'
				""").param("bucket", ref.bucket()).param("key", ref.key()).update();
	}

	/**
	 * The ledger ids of the objects whose load stored events (loaded, or loaded in part)
	 * and that the caller has not handled yet, in id order: for a module that derives
	 * data from loads, to catch up on those it missed (loaded while it was down, or a
	 * round that failed) without naming the ledger's table. The ledger is read a page at
	 * a time, and {@code handled} is asked which ids of each page the caller already has.
	 */
	public List<Long> loadedExcept(Function<List<Long>, Collection<Long>> handled) {
		List<Long> pending = new ArrayList<>();
		long after = 0;
		List<Long> page;
		do {
			page = this.jdbc.sql("""
					select id from ingest_objects
					where id > :after and loaded_count > 0 and status in ('LOADED', 'PARTIAL')
					order by id limit :limit
					""").param("after", after).param("limit", PAGE).query(Long.class).list();
			if (!page.isEmpty()) {
				Set<Long> done = new HashSet<>(handled.apply(page));
				page.stream().filter(id -> !done.contains(id)).forEach(pending::add);
				after = page.get(page.size() - 1);
			}
		}
		while (page.size() == PAGE);
		return pending;
	}

	private static Map<String, Object> params(ObjectRef ref) {
		Map<String, Object> params = new HashMap<>();
		params.put("source", ref.source());
		params.put("bucket", ref.bucket());
		params.put("key", ref.key());
		params.put("etag", ref.etag());
		params.put("size", ref.size() < 0 ? null : ref.size());
		params.put("time", Timestamps.utc(ref.lastModified()));
		params.put("kind", ref.kind().name());
		return params;
	}

}
