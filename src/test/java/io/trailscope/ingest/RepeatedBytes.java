package io.trailscope.ingest;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A stream of any length made up as it is read, never held whole: a prefix, one byte
 * repeated, a suffix. Tells a listener each time another {@value #EVERY} bytes have been
 * read, for tests that watch the reader's memory while it reads.
 */
public final class RepeatedBytes extends InputStream {

	static final long EVERY = 64L << 20;

	private final byte[] prefix;

	private final byte repeated;

	private final long count;

	private final byte[] suffix;

	private final LongConsumer progress;

	private long position;

	private long nextReport = EVERY;

	public RepeatedBytes(String prefix, char repeated, long count, String suffix) {
		this(prefix, repeated, count, suffix, read -> {
		});
	}

	public RepeatedBytes(String prefix, char repeated, long count, String suffix, LongConsumer progress) {
		this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
		this.repeated = (byte) repeated;
		this.count = count;
		this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
		this.progress = progress;
	}

	/** How many bytes the stream holds. */
	public long length() {
		return this.prefix.length + this.count + this.suffix.length;
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] b, int off, int len) {
		if (len == 0) {
			return 0;
		}
		long repeatStart = this.prefix.length;
		long suffixStart = repeatStart + this.count;
		if (this.position >= suffixStart + this.suffix.length) {
			return -1;
		}
		int n;
		if (this.position < repeatStart) {
			n = (int) Math.min(len, repeatStart - this.position);
			System.arraycopy(this.prefix, (int) this.position, b, off, n);
		}
		else if (this.position < suffixStart) {
			n = (int) Math.min(len, suffixStart - this.position);
			Arrays.fill(b, off, off + n, this.repeated);
		}
		else {
			n = (int) Math.min(len, suffixStart + this.suffix.length - this.position);
			System.arraycopy(this.suffix, (int) (this.position - suffixStart), b, off, n);
		}
		this.position += n;
		if (this.position >= this.nextReport) {
			this.nextReport += EVERY;
			this.progress.accept(this.position);
		}
		return n;
	}

}
