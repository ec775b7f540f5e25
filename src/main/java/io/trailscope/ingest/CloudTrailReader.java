package io.trailscope.ingest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams CloudTrail records out of a file, one at a time, whatever its size: a trail's
 * {@code {"Records":[...]}} file, JSON Lines, a JSON array of records (exports of other tools) or
 * EventBridge events carrying a record in {@code detail}; gzipped or plain, told apart by the gzip
 * magic bytes rather than the name.
 */
final class CloudTrailReader {

	/** Receives each record in file order. */
	interface RecordSink {

		void accept(ObjectNode record);
	}

	private final ObjectMapper mapper;

	CloudTrailReader() {
		// Records are read one after another from one parser, so what follows a record is expected.
		this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
	}

	/**
	 * Reads every record of {@code raw} into {@code sink}.
	 * @return how many records were handed to the sink
	 * @throws MalformedInputException if the content is not a readable CloudTrail file; the
	 * records before the fault have already been handed over
	 * @throws SourceUnavailableException if reading the underlying bytes failed
	 */
	long read(InputStream raw, RecordSink sink) {
		Counter counter = new Counter(sink);
		InputStream in = new BufferedInputStream(new GuardedStream(raw), 64 * 1024);
		try {
			in = decompressIfGzip(in);
		}
		catch (IOException ex) {
			throw new MalformedInputException("not a readable gzip file: " + ex.getMessage(), ex);
		}
		try (JsonParser parser = mapper.createParser(in)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				switch (token) {
					case START_ARRAY -> readArray(parser, counter);
					case START_OBJECT -> readTopLevelObject(parser, counter);
					default -> throw new MalformedInputException(
							"expected a JSON object or array " + where(parser, counter) + " but found " + token, null);
				}
			}
		}
		catch (SourceUnavailableException | MalformedInputException ex) {
			throw ex;
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof SourceUnavailableException unavailable) {
				throw unavailable;
			}
			if (ex.getCause() instanceof IOException io) {
				throw new MalformedInputException(describe(io) + " after " + counter.count + " records", io);
			}
			throw new MalformedInputException("invalid JSON " + location(ex.getLocation()) + " after "
					+ counter.count + " records: " + ex.getOriginalMessage(), ex);
		}
		return counter.count;
	}

	private void readArray(JsonParser parser, Counter sink) {
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (token == null) {
				throw new MalformedInputException("the file ends inside an array after " + sink.count + " records", null);
			}
			if (token != JsonToken.START_OBJECT) {
				throw new MalformedInputException("expected a record object " + where(parser, sink) + " but found " + token, null);
			}
			emit(mapper.readTree(parser), sink);
		}
	}

	/**
	 * A top-level object is either a file envelope whose {@code Records} array is streamed, or a
	 * single record (one line of JSON Lines). The other properties of an envelope are collected, so
	 * an object without {@code Records} becomes the record itself.
	 */
	private void readTopLevelObject(JsonParser parser, Counter sink) {
		ObjectNode other = mapper.createObjectNode();
		boolean envelope = false;
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("Records".equals(name) && value == JsonToken.START_ARRAY) {
				envelope = true;
				readArray(parser, sink);
			}
			else {
				other.set(name, mapper.readTree(parser));
			}
		}
		if (token != JsonToken.END_OBJECT) {
			throw new MalformedInputException("the file ends inside an object after " + sink.count + " records", null);
		}
		if (!envelope) {
			emit(other, sink);
		}
	}

	private static void emit(JsonNode node, Counter sink) {
		if (!(node instanceof ObjectNode record)) {
			throw new MalformedInputException("expected a record object after " + sink.count + " records", null);
		}
		// EventBridge delivers a CloudTrail record as the "detail" of an "AWS API Call via CloudTrail" event.
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
			return new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
		}
		return in;
	}

	private static String where(JsonParser parser, Counter sink) {
		return location(parser.currentTokenLocation()) + " after " + sink.count + " records";
	}

	private static String location(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 0) {
			return "";
		}
		return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static String describe(IOException ex) {
		String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
		if (message.contains("Unexpected end of ZLIB input stream") || ex instanceof EOFException) {
			return "truncated gzip data";
		}
		return "corrupt gzip data (" + message + ")";
	}

	private static final class Counter implements RecordSink {

		private final RecordSink delegate;

		private long count;

		Counter(RecordSink delegate) {
			this.delegate = delegate;
		}

		@Override
		public void accept(ObjectNode record) {
			this.delegate.accept(record);
			this.count++;
		}
	}

	/**
	 * Marks failures of the underlying stream, so that they are told apart from corrupt content
	 * found by the decompressor or parser above it.
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
	 * The content of an object cannot be read further: not gzip, truncated, not JSON. Retrying does
	 * not help, so the object is recorded as failed (keeping the records read before the fault) and its
	 * notification is acknowledged.
	 */
	static final class MalformedInputException extends RuntimeException {

		MalformedInputException(String message, Throwable cause) {
			super(message, cause);
		}
	}

	/**
	 * Reading the object's bytes failed (the connection to S3 dropped, the file went away). Unlike
	 * {@link MalformedInputException} this may pass, so the load is rolled back and retried.
	 */
	static final class SourceUnavailableException extends UncheckedIOException {

		SourceUnavailableException(String message, IOException cause) {
			super(message, cause);
		}
	}
}
