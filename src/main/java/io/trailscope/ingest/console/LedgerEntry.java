package io.trailscope.ingest.console;

import java.time.Instant;

/**
 * One row of the ingest ledger ({@code ingest_objects}), as the Ingest page shows it.
 *
 * @param id the ledger id ({@code events.object_id} of its rows)
 * @param source {@code s3}, {@code file}, {@code upload}, {@code sample}
 * @param bucket the S3 bucket, empty for local files and uploads
 * @param key the S3 key, the file's path (a zip entry as {@code archive.zip!/entry}) or
 * the upload's name
 * @param etag the version marker the ledger knows the object by
 * @param size bytes, or -1 when unknown
 * @param objectTime when S3 (or the file system) says the object was written
 * @param kind LOG, INSIGHT, DIGEST, FOLDER or OTHER
 * @param status LOADED, PARTIAL, FAILED, SKIPPED, REFUSED
 * @param records records read
 * @param loaded new events stored
 * @param duplicates records already stored
 * @param rejected records that could not be stored
 * @param error why it failed, loaded in part, was skipped or refused
 * @param attempts how many times it was tried
 * @param firstSeenAt when the ledger first saw it
 * @param updatedAt its last outcome
 */
record LedgerEntry(long id, String source, String bucket, String key, String etag, long size, Instant objectTime,
		String kind, String status, long records, long loaded, long duplicates, long rejected, String error,
		int attempts, Instant firstSeenAt, Instant updatedAt) {

	static final String ARCHIVE_SEPARATOR = "!/";

	public String displayName() {
		return this.bucket.isEmpty() ? this.key : "s3://" + this.bucket + "/" + this.key;
	}

	public boolean failed() {
		return "FAILED".equals(this.status) || "PARTIAL".equals(this.status);
	}

	/** Not read at all: its bucket or prefix is not an allowed source. */
	public boolean refused() {
		return "REFUSED".equals(this.status);
	}
}
