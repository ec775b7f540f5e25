package io.trailscope.ingest.s3;

import java.io.InputStream;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.stereotype.Component;

import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.Ledger;
import io.trailscope.ingest.ObjectOpener.ObjectGoneException;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.ingest.OneLine;
import io.trailscope.ingest.ProgressListener;
import io.trailscope.ingest.TrustedSources;

/**
 * Loads S3 objects: a HEAD for the ETag, size and time of an object a notification names,
 * then the GET inside the load (after the ledger claim, so an object already loaded is
 * not downloaded). An object outside {@link TrustedSources} is refused before S3 is asked
 * anything about it: a notification or a listing only names it.
 */
@Component
public class S3ObjectLoader {

	private final S3Client s3;

	private final IngestService ingest;

	private final Ledger ledger;

	private final TrustedSources sources;

	S3ObjectLoader(S3Client s3, IngestService ingest, Ledger ledger, TrustedSources sources) {
		this.s3 = s3;
		this.ingest = ingest;
		this.ledger = ledger;
		this.sources = sources;
	}

	/**
	 * Loads an object known only by its bucket and key (a retry from the Ingest page).
	 */
	public IngestResult load(String bucket, String key) {
		return load(ObjectRef.s3(bucket, key, null, -1, null), ProgressListener.NONE);
	}

	/**
	 * Loads the object a notification names; what it already tells (the key's kind, the
	 * ETag and size) saves the HEAD for objects that are not loaded anyway.
	 */
	public IngestResult load(ObjectRef notice, ProgressListener progress) {
		String refusal = this.sources.refusal(notice.bucket(), notice.key());
		if (refusal != null) {
			return this.ingest.refuse(unheaded(notice), refusal);
		}
		if (!notice.kind().loaded()) {
			return this.ingest.ingest(unheaded(notice), () -> {
				throw new IllegalStateException("a skipped object is never opened");
			});
		}
		HeadObjectResponse head;
		try {
			head = this.s3.headObject(HeadObjectRequest.builder().bucket(notice.bucket()).key(notice.key()).build());
		}
		catch (RuntimeException ex) {
			// The HEAD failed: the ledger still records why, through the same failure
			// classes as a
			// failed GET, under the ETag the notification named.
			RuntimeException failure = classify(ex, notice);
			return this.ingest.ingest(unheaded(notice), () -> {
				throw failure;
			}, progress);
		}
		ObjectRef ref = ObjectRef.s3(notice.bucket(), notice.key(), head.eTag(),
				head.contentLength() == null ? -1 : head.contentLength(), head.lastModified());
		IngestResult result = this.ingest.ingest(ref, () -> get(ref), progress);
		if (result.status() != IngestResult.Status.FAILED && !notice.versioned() && ref.versioned()) {
			this.ledger.forgetUnversionedFailure(ref);
		}
		return result;
	}

	/**
	 * Loads an object as a listing found it: the listing already gave its ETag, size and
	 * time, so there is no HEAD; the GET asks for that version and fails if it has
	 * changed since.
	 */
	IngestResult loadListed(ObjectRef listed, ProgressListener progress) {
		String refusal = this.sources.refusal(listed.bucket(), listed.key());
		if (refusal != null) {
			return this.ingest.refuse(listed, refusal);
		}
		return this.ingest.ingest(listed, () -> get(listed), progress);
	}

	/**
	 * The object as the ledger records it when S3 was not asked about it: the ledger's
	 * write time is S3's own word (a HEAD or a listing), never a notification's.
	 */
	private static ObjectRef unheaded(ObjectRef notice) {
		return new ObjectRef(notice.source(), notice.bucket(), notice.key(), notice.etag(), notice.size(), null,
				notice.kind());
	}

	private InputStream get(ObjectRef ref) {
		GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(ref.bucket()).key(ref.key());
		if (ref.versioned()) {
			request.ifMatch("\"" + ref.etag() + "\"");
		}
		try {
			return this.s3.getObject(request.build());
		}
		catch (RuntimeException ex) {
			throw classify(ex, ref);
		}
	}

	/**
	 * 404 is permanent; everything else (access denied, throttling, network) may pass.
	 */
	static RuntimeException classify(RuntimeException ex, ObjectRef ref) {
		if (ex instanceof NoSuchKeyException || ex instanceof NoSuchBucketException
				|| (ex instanceof S3Exception s3 && s3.statusCode() == 404)) {
			return new ObjectGoneException(OneLine.of(ref.displayName()), ex);
		}
		if (ex instanceof S3Exception s3 && s3.statusCode() == 412) {
			// the object was overwritten between HEAD and GET: a new notification
			// follows, this one retries
			return new IllegalStateException(OneLine.of(ref.displayName()) + " changed while it was being read", ex);
		}
		return ex;
	}

}
