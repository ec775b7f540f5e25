package io.trailscope.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * S3Proxy's in-memory store with faults a real bucket has: objects the caller may not
 * read (403 AccessDenied on HEAD and GET) and a GET whose body breaks off half-way.
 */
public final class FaultyBlobStore extends ForwardingBlobStore {

	private final Set<String> denied = ConcurrentHashMap.newKeySet();

	private final Set<String> breakOnce = ConcurrentHashMap.newKeySet();

	private final Map<String, Integer> getCounts = new ConcurrentHashMap<>();

	private final Map<String, Integer> headCounts = new ConcurrentHashMap<>();

	FaultyBlobStore(BlobStore delegate) {
		super(delegate);
	}

	public void deny(String bucket, String key) {
		this.denied.add(bucket + "/" + key);
	}

	public void allow(String bucket, String key) {
		this.denied.remove(bucket + "/" + key);
	}

	public void breakNextGet(String bucket, String key) {
		this.breakOnce.add(bucket + "/" + key);
	}

	public int gets(String bucket, String key) {
		return this.getCounts.getOrDefault(bucket + "/" + key, 0);
	}

	public int heads(String bucket, String key) {
		return this.headCounts.getOrDefault(bucket + "/" + key, 0);
	}

	@Override
	public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
		this.headCounts.merge(request.bucket() + "/" + request.key(), 1, Integer::sum);
		if (this.denied.contains(request.bucket() + "/" + request.key())) {
			throw S3Exceptions.fromStatusCode(403);
		}
		return super.blobMetadata(request);
	}

	@Override
	public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
		String name = request.bucket() + "/" + request.key();
		this.getCounts.merge(name, 1, Integer::sum);
		if (this.denied.contains(name)) {
			throw S3Exceptions.fromStatusCode(403);
		}
		ResponseInputStream<GetObjectResponse> blob = super.getBlob(request);
		if (!this.breakOnce.remove(name)) {
			return blob;
		}
		long half = blob.response().contentLength() / 2;
		return new ResponseInputStream<>(blob.response(), AbortableInputStream.create(new BreakingStream(blob, half)));
	}

	/** Gives {@code limit} bytes, then fails as a dropped connection does. */
	private static final class BreakingStream extends FilterInputStream {

		private long left;

		BreakingStream(InputStream in, long limit) {
			super(in);
			this.left = limit;
		}

		@Override
		public int read() throws IOException {
			if (this.left <= 0) {
				throw new IOException("connection reset (simulated)");
			}
			this.left--;
			return super.read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.left <= 0) {
				throw new IOException("connection reset (simulated)");
			}
			int n = super.read(b, off, (int) Math.min(len, this.left));
			if (n > 0) {
				this.left -= n;
			}
			return n;
		}

	}

}
