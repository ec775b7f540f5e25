package io.trailscope.ingest;

import java.time.Instant;

/**
 * An object to load and how the ledger knows it.
 *
 * @param source where it came from: {@code s3}, {@code file}, {@code upload}, {@code sample}
 * @param bucket the S3 bucket, empty for local files
 * @param key the S3 key or the file's path
 * @param etag the S3 ETag, or another version marker for local files
 * @param size the size in bytes, or -1 when unknown
 * @param lastModified when the object was written, if known
 * @param kind what the object is
 */
public record ObjectRef(String source, String bucket, String key, String etag, long size, Instant lastModified,
		ObjectKind kind) {

	public ObjectRef {
		if (source == null || key == null || kind == null) {
			throw new IllegalArgumentException("source, key and kind are required");
		}
		bucket = bucket == null ? "" : bucket;
		etag = etag == null ? "" : etag.replace("\"", "");
	}

	/** An S3 object, routed by its key. */
	public static ObjectRef s3(String bucket, String key, String etag, long size, Instant lastModified) {
		return new ObjectRef("s3", bucket, key, etag, size, lastModified, ObjectKind.ofS3Key(key));
	}

	/**
	 * The account the S3 key's path names, or null. A local file or an upload names none, even in
	 * folders laid out like a trail's: those are whatever name the person who copied it chose, not
	 * where CloudTrail delivered it.
	 */
	String keyAccount() {
		return this.bucket.isEmpty() ? null : KeyDates.accountOf(this.key);
	}

	public String displayName() {
		return this.bucket.isEmpty() ? this.key : "s3://" + this.bucket + "/" + this.key;
	}
}
