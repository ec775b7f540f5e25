package io.trailscope.ingest;

import java.io.InputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.stereotype.Component;

/**
 * Loads S3 objects by bucket and key: routed by key, a HEAD for the ETag, size and time, then the
 * GET inside the load (after the ledger claim, so an object already loaded is not downloaded).
 */
@Component
class S3Objects {

	private final S3Client s3;

	private final IngestService ingest;

	private final Ledger ledger;

	S3Objects(S3Client s3, IngestService ingest, Ledger ledger) {
		this.s3 = s3;
		this.ingest = ingest;
		this.ledger = ledger;
	}

	IngestResult load(String bucket, String key) {
		return load(bucket, key, ProgressListener.NONE);
	}

	IngestResult load(String bucket, String key, ProgressListener progress) {
		return load(new S3ObjectNotice(bucket, key, null, null, null), progress);
	}

	/**
	 * Loads the object a notification or a listing names; what it already tells (ETag, size) saves
	 * the HEAD for objects that are not loaded anyway.
	 */
	IngestResult load(S3ObjectNotice notice, ProgressListener progress) {
		String bucket = notice.bucket();
		String key = notice.key();
		ObjectKind kind = ObjectKind.ofS3Key(key);
		if (!kind.loaded()) {
			return this.ingest.ingest(ref(notice, kind), () -> {
				throw new IllegalStateException("a skipped object is never opened");
			});
		}
		HeadObjectResponse head;
		try {
			head = this.s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
		}
		catch (RuntimeException ex) {
			// The HEAD failed: the ledger still records why, through the same failure classes as a
			// failed GET, under the ETag the notification named.
			RuntimeException failure = classify(ex, notice);
			return this.ingest.ingest(ref(notice, kind), () -> {
				throw failure;
			}, progress);
		}
		ObjectRef ref = ObjectRef.s3(bucket, key, head.eTag(), head.contentLength() == null ? -1 : head.contentLength(),
				head.lastModified());
		IngestResult result = this.ingest.ingest(ref, () -> get(notice, ref.etag()), progress);
		if (result.status() != IngestResult.Status.FAILED && notice.etag() == null && !ref.etag().isEmpty()) {
			this.ledger.forgetUnversionedFailure(ref);
		}
		return result;
	}

	/**
	 * Loads an object as a listing found it: the listing already gave its ETag, size and time, so
	 * there is no HEAD; the GET asks for that version and fails if it has changed since.
	 */
	IngestResult loadListed(String bucket, S3Object listed, ProgressListener progress) {
		String key = listed.key();
		S3ObjectNotice notice = new S3ObjectNotice(bucket, key, listed.eTag(), listed.size(), listed.lastModified());
		ObjectRef ref = ObjectRef.s3(bucket, key, listed.eTag(), listed.size() == null ? -1 : listed.size(),
				listed.lastModified());
		return this.ingest.ingest(ref, () -> get(notice, ref.etag()), progress);
	}

	private InputStream get(S3ObjectNotice notice, String etag) {
		GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(notice.bucket()).key(notice.key());
		if (etag != null && !etag.isEmpty()) {
			request.ifMatch("\"" + etag + "\"");
		}
		try {
			return this.s3.getObject(request.build());
		}
		catch (RuntimeException ex) {
			throw classify(ex, notice);
		}
	}

	private static ObjectRef ref(S3ObjectNotice notice, ObjectKind kind) {
		return new ObjectRef("s3", notice.bucket(), notice.key(), notice.etag(),
				notice.size() == null ? -1 : notice.size(), null, kind);
	}

	/** 404 is permanent; everything else (access denied, throttling, network) may pass. */
	static RuntimeException classify(RuntimeException ex, S3ObjectNotice notice) {
		if (ex instanceof NoSuchKeyException || ex instanceof NoSuchBucketException
				|| (ex instanceof S3Exception s3 && s3.statusCode() == 404)) {
			return new ObjectGoneException(notice.displayName(), ex);
		}
		if (ex instanceof S3Exception s3 && s3.statusCode() == 412) {
			// the object was overwritten between HEAD and GET: a new notification follows, this one retries
			return new IllegalStateException(notice.displayName() + " changed while it was being read", ex);
		}
		return ex;
	}
}
