package io.trailscope.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Backfills of an S3 prefix: paginated, resumable, skipping what the ledger already has, limited
 * by the date in the key path. {@link #start} runs in the background; {@link #runNow} in the
 * caller's thread (the command line).
 */
@Service
class Backfill {

	/**
	 * Starts a backfill in the background.
	 * @param s3Url {@code s3://bucket/prefix}
	 * @param from first day to load (by the date in the key path), or null
	 * @param to last day to load, inclusive, or null
	 * @throws IllegalArgumentException for a malformed URL or a range that ends before it starts
	 */
	BackfillRun start(String s3Url, LocalDate from, LocalDate to) {
		throw new UnsupportedOperationException("backfill is being built");
	}

	Optional<BackfillRun> find(long id) {
		return Optional.empty();
	}

	/** The latest runs, newest first. */
	List<BackfillRun> recent(int limit) {
		return List.of();
	}

	/** Runs a backfill to its end in this thread, telling {@code listener} about each file. */
	BackfillRun runNow(String s3Url, LocalDate from, LocalDate to, LocalImport.ImportListener listener) {
		throw new UnsupportedOperationException("backfill is being built");
	}
}
