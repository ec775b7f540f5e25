package io.trailscope.ingest.s3;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One backfill of an S3 prefix, as stored in {@code backfills}.
 *
 * @param status {@code RUNNING}, {@code DONE}, {@code FAILED} or {@code INTERRUPTED} (the
 * process stopped while it ran; starting the same backfill again continues it)
 * @param listed objects listed so far (within the date range)
 * @param loaded files loaded
 * @param skipped objects skipped: already loaded, digests, unrelated objects
 * @param failed files that failed or loaded in part
 * @param events new events stored
 * @param position the last key done: a resumed run continues after it
 */
public record BackfillRun(long id, String bucket, String prefix, LocalDate from, LocalDate to, String status,
		long listed, long loaded, long skipped, long failed, long events, String error, Instant startedAt,
		Instant updatedAt, String position) {

	public static final String RUNNING = "RUNNING";

	public static final String DONE = "DONE";

	public static final String FAILED = "FAILED";

	public static final String INTERRUPTED = "INTERRUPTED";

	/** {@code s3://bucket/prefix} */
	public String s3Url() {
		return "s3://" + this.bucket + "/" + this.prefix;
	}

	public boolean running() {
		return RUNNING.equals(this.status);
	}
}
