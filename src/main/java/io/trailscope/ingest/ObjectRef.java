package io.trailscope.ingest;

import java.time.Instant;

/**
 * An object to load and how the ledger knows it: named by a queue notification, an S3
 * listing or HEAD, a local file or an upload.
 *
 * @param source where it came from: {@code s3}, {@code file}, {@code upload},
 * {@code sample}
 * @param bucket the S3 bucket, empty for local files
 * @param key the S3 key or the file's path
 * @param etag the S3 ETag without its quotes, or another version marker for local files;
 * empty when the source did not say
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
		// S3 quotes ETags in headers and listings but not in notifications: the ledger
		// keeps them bare
		etag = etag == null || etag.isBlank() ? "" : etag.replace("\"", "");
	}

	/**
	 * An S3 object, routed by its key.
	 * @param size the size in bytes, or -1 when unknown
	 * @throws IllegalArgumentException without a bucket or a key
	 */
	public static ObjectRef s3(String bucket, String key, String etag, long size, Instant lastModified) {
		if (bucket == null || bucket.isBlank() || key == null || key.isEmpty()) {
			throw new IllegalArgumentException("an S3 object needs a bucket and a key");
		}
		return new ObjectRef("s3", bucket, key, etag, size, lastModified, ObjectKind.ofS3Key(key));
	}

	/**
	 * The account the S3 key's path names, or null. A local file or an upload names none,
	 * even in folders laid out like a trail's: those are whatever name the person who
	 * copied it chose, not where CloudTrail delivered it.
	 */
	String keyAccount() {
		return this.bucket.isEmpty() ? null : ObjectKind.accountOf(this.key);
	}

	/** Whether the source named a version of the object. */
	public boolean versioned() {
		return !this.etag.isEmpty();
	}

	public String displayName() {
		return this.bucket.isEmpty() ? this.key : "s3://" + this.bucket + "/" + this.key;
	}
}
