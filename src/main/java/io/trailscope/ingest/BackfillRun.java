package io.trailscope.ingest;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One backfill of an S3 prefix, as stored in {@code backfills}.
 *
 * @param status {@code RUNNING}, {@code DONE}, {@code FAILED} or {@code INTERRUPTED} (the process
 * stopped while it ran; starting the same backfill again continues it)
 * @param listed objects listed so far (within the date range)
 * @param loaded files loaded
 * @param skipped objects skipped: already loaded, digests, unrelated objects
 * @param failed files that failed or loaded in part
 * @param events new events stored
 * @param position the last key done: a resumed run continues after it
 */
record BackfillRun(long id, String bucket, String prefix, LocalDate from, LocalDate to, String status, long listed,
		long loaded, long skipped, long failed, long events, String error, Instant startedAt, Instant updatedAt,
		String position) {

	static final String RUNNING = "RUNNING";

	static final String DONE = "DONE";

	static final String FAILED = "FAILED";

	static final String INTERRUPTED = "INTERRUPTED";

	/** {@code s3://bucket/prefix} */
	String s3Url() {
		return "s3://" + this.bucket + "/" + this.prefix;
	}

	boolean running() {
		return RUNNING.equals(this.status);
	}
}
