package io.trailscope.ingest.record;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams CloudTrail records out of a file, one at a time, whatever its size: a trail's
 * {@code {"Records":[...]}} file, JSON Lines, a JSON array of records (exports of other
 * tools) or EventBridge events carrying a record in {@code detail}; gzipped or plain,
 * told apart by the gzip magic bytes rather than the name; UTF-8, or UTF-16 as some tools
 * on Windows write it.
 *
 * <p>
 * Whoever writes the file is not trusted, so nothing of it is held unmeasured: the
 * decompressed bytes are counted against {@link IngestLimits#maxObjectSize()}, and
 * {@link RecordFramer} measures each record's size and depth before it is parsed,
 * skipping one over a limit in constant memory while the records around it are still
 * read.
 */
public final class CloudTrailReader {

	/** Receives each record in file order. */
	public interface RecordSink {

		void accept(ObjectNode record);

	}

	/**
	 * Receives the reason of each record that is over a limit, in file order with the
	 * records.
	 */
	public interface Rejections {

		void reject(String reason);

	}

	/**
	 * Digits a number may have. The numbers of a trail are counts, sizes, ports and
	 * times; a longer one is no event's, and converting it costs time that grows with its
	 * square.
	 */
	private static final int MAX_NUMBER_LENGTH = 100;

	private final IngestLimits limits;

	private final ObjectMapper mapper;

	public CloudTrailReader() {
		this(IngestLimits.defaults());
	}

	public CloudTrailReader(IngestLimits limits) {
		this.limits = limits;
		int maxRecord = (int) limits.maxRecordSize().toBytes();
		// each record is parsed on its own, so a document here is one record; the framer
		// has measured
		// its size and depth already, and these hold whatever it did not measure
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxDocumentLength(maxRecord)
			.maxStringLength(maxRecord)
			.maxNestingDepth(limits.maxNestingDepth())
			.maxTokenCount(limits.maxRecordTokens())
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.build();
		this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
	}

	/**
	 * Reads every record of {@code raw} into {@code sink}, and the reason of every record
	 * over a limit into {@code rejections}; neither kind stops the reading.
	 * @return how many records were read, rejected ones included
	 * @throws MalformedInputException if the content is not a readable CloudTrail file or
	 * is larger than {@link IngestLimits#maxObjectSize()} once decompressed; the records
	 * before the fault have already been handed over
	 * @throws SourceUnavailableException if reading the underlying bytes failed
	 */
	public long read(InputStream raw, RecordSink sink, Rejections rejections) {
		InputStream in = new BufferedInputStream(new GuardedStream(raw), 64 * 1024);
		try {
			in = decompressIfGzip(in);
		}
		catch (IOException ex) {
			throw new MalformedInputException("not a readable gzip file: " + ex.getMessage(), ex);
		}
		long maxObject = this.limits.maxObjectSize().toBytes();
		try {
			in = utf8(new LimitedStream(in, maxObject));
		}
		catch (IOException ex) {
			throw new MalformedInputException(describe(ex) + " after 0 records", ex);
		}
		RecordParser parser = new RecordParser(sink, rejections);
		RecordFramer framer = new RecordFramer(in, (int) this.limits.maxRecordSize().toBytes(),
				this.limits.maxNestingDepth(), parser);
		try {
			framer.run();
		}
		catch (ObjectTooLargeException ex) {
			throw new MalformedInputException("the object is larger than " + IngestLimits.describe(maxObject)
					+ " once decompressed (trailscope.ingest.limits.max-object-size); reading stopped after "
					+ framer.records() + " records", null);
		}
		catch (IOException ex) {
			throw new MalformedInputException(describe(ex) + " after " + framer.records() + " records", ex);
		}
		return framer.records();
	}

	/** Builds each framed record, or hands on why it cannot be. */
	private final class RecordParser implements RecordFramer.Frames {

		private final RecordSink sink;

		private final Rejections rejections;

		/** Records framed before the current one. */
		private long before;

		RecordParser(RecordSink sink, Rejections rejections) {
			this.sink = sink;
			this.rejections = rejections;
		}

		@Override
		public void record(byte[] bytes, int length, RecordFramer.Position start) {
			long before = this.before++;
			JsonNode node;
			try {
				node = CloudTrailReader.this.mapper.readTree(bytes, 0, length);
			}
			catch (StreamConstraintsException ex) {
				this.rejections.reject("over a limit of the parser (" + ex.getOriginalMessage() + "), at " + start);
				return;
			}
			catch (JacksonException ex) {
				throw new MalformedInputException("invalid JSON at " + within(start, ex.getLocation()) + " after "
						+ before + " records: " + ex.getOriginalMessage(), ex);
			}
			emit(node, this.sink);
		}

		@Override
		public void skipped(String reason, RecordFramer.Position start) {
			this.before++;
			this.rejections.reject(reason + ", at " + start);
		}

	}

	private static void emit(JsonNode node, RecordSink sink) {
		// the framer hands over objects only
		ObjectNode record = (ObjectNode) node;
		// EventBridge delivers a CloudTrail record as the "detail" of an "AWS API Call
		// via CloudTrail" event.
		if (!record.has("eventID") && record.path("detail") instanceof ObjectNode detail && detail.has("eventID")) {
			record = detail;
		}
		sink.accept(record);
	}

	private static InputStream decompressIfGzip(InputStream in) throws IOException {
		in.mark(2);
		int b1 = in.read();
		int b2 = in.read();
		in.reset();
		if (b1 == 0x1f && b2 == 0x8b) {
			return new GZIPInputStream(in, 64 * 1024);
		}
		return in;
	}

	/**
	 * The text as UTF-8: as it is, or encoded from UTF-16, told by its byte order mark or
	 * by the zero byte beside the first character (which is always ASCII in JSON).
	 */
	private static InputStream utf8(InputStream in) throws IOException {
		PushbackInputStream peek = new PushbackInputStream(in, 2);
		byte[] first = peek.readNBytes(2);
		peek.unread(first);
		if (first.length < 2) {
			return peek;
		}
		int b1 = first[0] & 0xff;
		int b2 = first[1] & 0xff;
		Charset utf16 = (b1 == 0xfe && b2 == 0xff) || (b1 == 0xff && b2 == 0xfe) ? StandardCharsets.UTF_16
				: b1 == 0 && b2 != 0 ? StandardCharsets.UTF_16BE
						: b1 != 0 && b2 == 0 ? StandardCharsets.UTF_16LE : null;
		return utf16 == null ? peek : new Utf8Encoding(new InputStreamReader(peek, utf16));
	}

	/** A position within a record, as a position in the file. */
	private static RecordFramer.Position within(RecordFramer.Position start, TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return start;
		}
		long column = location.getColumnNr() < 1 ? 1 : location.getColumnNr();
		return location.getLineNr() == 1 ? new RecordFramer.Position(start.line(), start.column() + column - 1)
				: new RecordFramer.Position(start.line() + location.getLineNr() - 1, column);
	}

	private static String describe(IOException ex) {
		String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
		if (message.contains("Unexpected end of ZLIB input stream") || ex instanceof EOFException) {
			return "truncated gzip data";
		}
		return "corrupt gzip data (" + message + ")";
	}

	/** Stops reading once more bytes than the limit have been read. */
	private static final class LimitedStream extends FilterInputStream {

		private final long limit;

		private long read;

		LimitedStream(InputStream in, long limit) {
			super(in);
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			// never more than one byte past the limit, however large the caller's buffer
			int n = super.read(b, off, (int) Math.min(len, this.limit - this.read + 1));
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) {
			this.read += n;
			if (this.read > this.limit) {
				throw new ObjectTooLargeException();
			}
		}

	}

	/**
	 * Thrown by {@link LimitedStream} past its limit, and turned into a message where the
	 * count is known.
	 */
	private static final class ObjectTooLargeException extends RuntimeException {

		ObjectTooLargeException() {
			super(null, null, false, false);
		}

	}

	/** The characters of a reader as UTF-8 bytes, a chunk at a time. */
	private static final class Utf8Encoding extends InputStream {

		private final Reader reader;

		private final char[] chars = new char[16 * 1024];

		/**
		 * Whether the last character read is a high surrogate, kept for the low one that
		 * completes it.
		 */
		private boolean carrying;

		private byte[] bytes = new byte[0];

		private int pos;

		Utf8Encoding(Reader reader) {
			this.reader = reader;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			while (this.pos == this.bytes.length) {
				int start = this.carrying ? 1 : 0;
				int n = this.reader.read(this.chars, start, this.chars.length - start);
				if (n < 0 && start == 0) {
					return -1;
				}
				int count = start + Math.max(n, 0);
				this.carrying = n > 0 && Character.isHighSurrogate(this.chars[count - 1]);
				int encoded = this.carrying ? count - 1 : count;
				this.bytes = new String(this.chars, 0, encoded).getBytes(StandardCharsets.UTF_8);
				this.pos = 0;
				if (this.carrying) {
					this.chars[0] = this.chars[count - 1];
				}
			}
			int n = Math.min(len, this.bytes.length - this.pos);
			System.arraycopy(this.bytes, this.pos, b, off, n);
			this.pos += n;
			return n;
		}

		@Override
		public void close() throws IOException {
			this.reader.close();
		}

	}

	/**
	 * Marks failures of the underlying stream, so that they are told apart from corrupt
	 * content found by the decompressor or parser above it.
	 */
	private static final class GuardedStream extends FilterInputStream {

		GuardedStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() {
			try {
				return super.read();
			}
			catch (IOException ex) {
				throw new SourceUnavailableException("reading the object failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public int read(byte[] b, int off, int len) {
			try {
				return super.read(b, off, len);
			}
			catch (IOException ex) {
				throw new SourceUnavailableException("reading the object failed: " + ex.getMessage(), ex);
			}
		}

	}

	/**
	 * The content of an object cannot be read further: not gzip, truncated, not JSON.
	 * Retrying does not help, so the object is recorded as failed (keeping the records
	 * read before the fault) and its notification is acknowledged.
	 */
	public static final class MalformedInputException extends RuntimeException {

		MalformedInputException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * Reading the object's bytes failed (the connection to S3 dropped, the file went
	 * away). Unlike {@link MalformedInputException} this may pass, so the load is rolled
	 * back and retried.
	 */
	public static final class SourceUnavailableException extends UncheckedIOException {

		SourceUnavailableException(String message, IOException cause) {
			super(message, cause);
		}

	}

}
