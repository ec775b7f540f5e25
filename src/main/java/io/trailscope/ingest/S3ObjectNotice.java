package io.trailscope.ingest;

import java.time.Instant;

/**
 * An S3 object named by a notification or a listing, with what the source tells about it.
 *
 * @param bucket the bucket
 * @param key the key, decoded
 * @param etag the ETag if the source gives it
 * @param size the size in bytes if the source gives it
 * @param eventTime when the source says the object was written, if it does
 */
record S3ObjectNotice(String bucket, String key, String etag, Long size, Instant eventTime) {

	S3ObjectNotice {
		if (bucket == null || bucket.isBlank() || key == null || key.isEmpty()) {
			throw new IllegalArgumentException("an S3 object needs a bucket and a key");
		}
		etag = etag == null || etag.isBlank() ? null : etag.replace("\"", "");
	}

	String displayName() {
		return "s3://" + this.bucket + "/" + this.key;
	}
}
