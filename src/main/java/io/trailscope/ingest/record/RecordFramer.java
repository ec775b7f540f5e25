package io.trailscope.ingest.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.trailscope.ingest.record.CloudTrailReader.MalformedInputException;

/**
 * Finds the records in the bytes of a CloudTrail file without building them, so that each
 * is measured before anything holds it. A record larger than the limit, or nested deeper,
 * is skipped to its end in constant memory (its nesting is a counter, not a stack) and
 * reported, and the records around it are still framed.
 *
 * <p>
 * Understands the forms {@link CloudTrailReader} reads: a trail's
 * {@code {"Records":[...]}} envelope, JSON Lines of records and arrays of records, one
 * after another. Only the structure outside records is checked here (strings, brackets,
 * the commas between records); the JSON inside a record is checked by the parser that
 * builds it. The bytes are UTF-8, whose bytes of other characters never look like the
 * structure's.
 */
final class RecordFramer {

	/** Told of each record, in file order. */
	interface Frames {

		/**
		 * A record within the limits: {@code bytes[0..length)}, valid during the call
		 * only.
		 */
		void record(byte[] bytes, int length, Position start);

		/** A record over a limit, skipped to its end. */
		void skipped(String reason, Position start);

	}

	/** Where a record starts in the file, for messages. */
	record Position(long line, long column) {

		@Override
		public String toString() {
			return "line " + this.line + ", column " + this.column;
		}
	}

	private static final int BUFFER = 64 * 1024;

	private static final byte[] RECORDS = "Records".getBytes(StandardCharsets.US_ASCII);

	private final InputStream in;

	private final Frames frames;

	private final int maxBytes;

	private final int maxDepth;

	private final byte[] buffer = new byte[BUFFER];

	private int pos;

	private int end;

	/** Bytes of the stream before {@code buffer[0]}. */
	private long consumed;

	private long line = 1;

	/** The offset in the stream of the current line's first byte. */
	private long lineStart;

	/** The bytes of the record being framed, grown as needed up to the limit. */
	private byte[] record = new byte[BUFFER];

	private int length;

	/**
	 * Where in {@code buffer} the part of the record not yet copied starts, or -1 when
	 * not capturing.
	 */
	private int captureFrom = -1;

	/** Why the record being framed is skipped, or null. */
	private String rejection;

	private long records;

	RecordFramer(InputStream in, int maxBytes, int maxDepth, Frames frames) {
		this.in = in;
		this.maxBytes = maxBytes;
		this.maxDepth = maxDepth;
		this.frames = frames;
	}

	/**
	 * Frames every record of the stream.
	 * @throws MalformedInputException if the structure is not one of the forms understood
	 * @throws IOException if the stream fails
	 */
	void run() throws IOException {
		skipByteOrderMark();
		int c;
		while ((c = nextNonSpace()) >= 0) {
			if (c == '{') {
				topObject();
			}
			else if (c == '[') {
				array();
			}
			else {
				throw unexpected("expected a JSON object or array", c);
			}
		}
	}

	/** Records framed so far, skipped ones included. */
	long records() {
		return this.records;
	}

	/** After the '[' of an array of records, through its ']'. */
	private void array() throws IOException {
		int c = nextNonSpace();
		if (c == ']') {
			return;
		}
		while (true) {
			if (c != '{') {
				throw c < 0 ? endsInside("an array") : unexpected("expected a record object", c);
			}
			Position start = position();
			startCapture();
			scan(false);
			finish(start);
			c = nextNonSpace();
			if (c == ']') {
				return;
			}
			if (c != ',') {
				throw c < 0 ? endsInside("an array") : unexpected("expected ',' or ']' after a record", c);
			}
			c = nextNonSpace();
		}
	}

	/**
	 * After the '{' of an object at the top of the file: an envelope whose
	 * {@code Records} are framed one by one, or else a record itself (a line of JSON
	 * Lines).
	 */
	private void topObject() throws IOException {
		Position start = position();
		startCapture();
		if (!scan(true)) {
			finish(start);
		}
	}

	/**
	 * Scans from after an object's '{' through its '}', capturing its bytes while it is
	 * within the limits. At the top of the file, a member {@code "Records"} whose value
	 * is an array makes the object an envelope: the capture stops, and the array's
	 * records are framed on their own.
	 * @return whether the object was an envelope
	 */
	private boolean scan(boolean top) throws IOException {
		int depth = 1;
		boolean name = top;
		boolean recordsName = false;
		boolean envelope = false;
		while (depth > 0) {
			int c = next();
			switch (c) {
				case -1 -> throw endsInside(top && envelope ? "an object" : "a record");
				case '"' -> {
					if (name && depth == 1) {
						recordsName = readName();
						name = false;
					}
					else {
						skipString();
					}
				}
				case '{', '[' -> {
					if (++depth > this.maxDepth && this.rejection == null && !envelope) {
						reject("nested deeper than " + this.maxDepth
								+ " levels (trailscope.ingest.limits.max-nesting-depth)");
					}
				}
				case '}', ']' -> depth--;
				case ',' -> name = top && depth == 1;
				case ':' -> {
					if (recordsName && depth == 1) {
						recordsName = false;
						int value = nextNonSpace();
						if (value == '[') {
							envelope = true;
							this.captureFrom = -1;
							array();
						}
						else if (value >= 0) {
							this.pos--;
						}
					}
				}
				case '\n' -> newLine();
				default -> {
				}
			}
		}
		return envelope;
	}

	private void startCapture() {
		this.captureFrom = this.pos - 1;
		this.length = 0;
		this.rejection = null;
	}

	private void finish(Position start) throws IOException {
		if (this.captureFrom >= 0) {
			append(this.captureFrom, this.pos);
			this.captureFrom = -1;
		}
		this.records++;
		if (this.rejection != null) {
			this.frames.skipped(this.rejection, start);
		}
		else {
			this.frames.record(this.record, this.length, start);
		}
	}

	/**
	 * Copies {@code buffer[from..to)} to the record, or skips the record if that makes it
	 * too large.
	 */
	private void append(int from, int to) {
		int n = to - from;
		if (n <= 0 || this.rejection != null) {
			return;
		}
		if ((long) this.length + n > this.maxBytes) {
			reject("larger than " + IngestLimits.describe(this.maxBytes)
					+ " (trailscope.ingest.limits.max-record-size)");
			return;
		}
		if (this.length + n > this.record.length) {
			int grown = (int) Math.min(this.maxBytes, Math.max(2L * this.record.length, (long) this.length + n));
			byte[] larger = new byte[grown];
			System.arraycopy(this.record, 0, larger, 0, this.length);
			this.record = larger;
		}
		System.arraycopy(this.buffer, from, this.record, this.length, n);
		this.length += n;
	}

	/** The record is skipped: nothing more of it is kept. */
	private void reject(String reason) {
		this.rejection = reason;
		this.captureFrom = -1;
		this.length = 0;
	}

	/**
	 * After the opening quote of a member name, through its closing one: whether it is
	 * {@code Records}.
	 */
	private boolean readName() throws IOException {
		int matched = 0;
		boolean same = true;
		while (true) {
			int c = next();
			if (c < 0) {
				throw endsInside("a string");
			}
			if (c == '"') {
				return same && matched == RECORDS.length;
			}
			if (c == '\\') {
				if (next() < 0) {
					throw endsInside("a string");
				}
				same = false;
			}
			else if (same && matched < RECORDS.length && c == RECORDS[matched]) {
				matched++;
			}
			else {
				same = false;
			}
		}
	}

	/**
	 * After the opening quote of a string, through its closing one: the hot loop of a
	 * huge value.
	 */
	private void skipString() throws IOException {
		byte[] bytes = this.buffer;
		boolean escaped = false;
		while (true) {
			if (this.pos == this.end && !fill()) {
				throw endsInside("a string");
			}
			int p = this.pos;
			int e = this.end;
			while (p < e) {
				byte b = bytes[p++];
				if (escaped) {
					escaped = false;
				}
				else if (b == '"') {
					this.pos = p;
					return;
				}
				else if (b == '\\') {
					escaped = true;
				}
			}
			this.pos = p;
		}
	}

	private void skipByteOrderMark() throws IOException {
		if (this.pos == this.end) {
			fill();
		}
		if (this.end - this.pos >= 3 && this.buffer[this.pos] == (byte) 0xEF && this.buffer[this.pos + 1] == (byte) 0xBB
				&& this.buffer[this.pos + 2] == (byte) 0xBF) {
			this.pos += 3;
		}
	}

	private int nextNonSpace() throws IOException {
		while (true) {
			int c = next();
			switch (c) {
				case ' ', '\t', '\r' -> {
				}
				case '\n' -> newLine();
				default -> {
					return c;
				}
			}
		}
	}

	private int next() throws IOException {
		if (this.pos == this.end && !fill()) {
			return -1;
		}
		return this.buffer[this.pos++] & 0xff;
	}

	/**
	 * Reads the next bytes, first keeping what the record being captured has of the
	 * current ones.
	 */
	private boolean fill() throws IOException {
		if (this.captureFrom >= 0) {
			append(this.captureFrom, this.end);
			this.captureFrom = this.rejection == null ? 0 : -1;
		}
		this.consumed += this.end;
		this.pos = 0;
		this.end = 0;
		int n;
		do {
			n = this.in.read(this.buffer, 0, this.buffer.length);
		}
		while (n == 0);
		if (n < 0) {
			return false;
		}
		this.end = n;
		return true;
	}

	private void newLine() {
		this.line++;
		this.lineStart = this.consumed + this.pos;
	}

	/** Where the byte just read stands. */
	private Position position() {
		return new Position(this.line, this.consumed + this.pos - this.lineStart);
	}

	private MalformedInputException unexpected(String expected, int c) {
		String found = c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "the byte 0x%02x".formatted(c);
		return new MalformedInputException(
				expected + " at " + position() + " after " + this.records + " records but found " + found, null);
	}

	private MalformedInputException endsInside(String what) {
		return new MalformedInputException("the file ends inside " + what + " after " + this.records + " records",
				null);
	}

}
