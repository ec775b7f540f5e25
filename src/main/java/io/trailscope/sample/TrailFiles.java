package io.trailscope.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.sample.TrailGenerator.FileSink;
import io.trailscope.sample.TrailGenerator.GeneratedFile;
import io.trailscope.sample.TrailGenerator.Settings;

/**
 * The trail's log files as CloudTrail delivers them: one open file per account and
 * region, flushed to the sink when its window is over or it is full. Records written
 * ahead of the stream's time (a console sign-in after its SAML assertion, the scripted
 * incident) wait in a queue until the stream reaches them, so that every file holds its
 * records in time order. Memory stays bounded by the open files and that queue.
 */
final class TrailFiles {

	private static final long DELIVERY_MILLIS = Duration.ofMinutes(5).toMillis();

	/**
	 * A quiet trail delivers fewer, fuller files: the window stretches until files hold
	 * about this many.
	 */
	private static final double QUIET_FILE_RECORDS = 40;

	private static final int MAX_RECORDS_PER_FILE = 250;

	private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter KEY_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd")
		.withZone(ZoneOffset.UTC);

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private final Settings settings;

	private final Rng rng;

	private final FileSink sink;

	private final OpenFile[] files;

	private final PriorityQueue<Pending> pending = new PriorityQueue<>();

	private final long startMillis;

	private final long endMillis;

	private final long windowMillis;

	private long emitted;

	private long sequence;

	private long currentWindow = Long.MIN_VALUE;

	TrailFiles(Settings settings, long target, Rng rng, FileSink sink) {
		this.settings = settings;
		this.rng = rng;
		this.sink = sink;
		this.files = new OpenFile[settings.accounts().size() * settings.regions().size()];
		this.startMillis = settings.start().toEpochMilli();
		this.endMillis = settings.end().toEpochMilli();
		long span = this.endMillis - this.startMillis;
		double perFile = target / Math.max(1.0, span / (double) DELIVERY_MILLIS) / this.files.length;
		this.windowMillis = DELIVERY_MILLIS * Math.max(1, Math.min(12, (long) Math.ceil(QUIET_FILE_RECORDS / perFile)));
	}

	/**
	 * The records written to files or waiting in the queue: what counts towards the
	 * requested number.
	 */
	long records() {
		return this.emitted + this.pending.size();
	}

	/**
	 * For a record ahead of the stream: written now, it would break the time order of its
	 * file.
	 */
	void schedule(ObjectNode record, String account, String region, Instant at) {
		this.pending.add(new Pending(at.toEpochMilli(), this.sequence++, record, account, region));
	}

	/** Writes the queued records whose time the stream has reached. */
	void emitDue(long now) {
		while (!this.pending.isEmpty() && this.pending.peek().millis <= now) {
			Pending p = this.pending.poll();
			emit(p.record, p.account, p.region, Instant.ofEpochMilli(p.millis));
		}
	}

	/**
	 * Writes a record to its account's and region's file. A follow-up that falls outside
	 * the window is dropped, as the settings promise no record outside it.
	 */
	void emit(ObjectNode record, String account, String region, Instant at) {
		long millis = at.toEpochMilli();
		if (millis >= this.endMillis || millis < this.startMillis) {
			return;
		}
		long window = Math.floorDiv(millis, this.windowMillis);
		if (window > this.currentWindow) {
			for (OpenFile file : this.files) {
				if (file != null && !file.records.isEmpty() && file.window < window) {
					flush(file);
				}
			}
			this.currentWindow = window;
		}
		int a = this.settings.accounts().indexOf(account);
		int r = this.settings.regions().indexOf(region);
		int index = a * this.settings.regions().size() + r;
		OpenFile file = this.files[index];
		if (file == null) {
			file = new OpenFile(account, region);
			this.files[index] = file;
		}
		if (file.records.isEmpty()) {
			file.window = window;
		}
		file.records.add(record);
		file.last = millis;
		this.emitted++;
		if (file.records.size() >= MAX_RECORDS_PER_FILE) {
			flush(file);
		}
	}

	/**
	 * Writes what is still queued within the window and delivers every file still open.
	 */
	void finish() {
		emitDue(this.endMillis - 1);
		for (OpenFile file : this.files) {
			if (file != null && !file.records.isEmpty()) {
				flush(file);
			}
		}
	}

	private void flush(OpenFile file) {
		long windowEnd = (file.window + 1) * this.windowMillis;
		long delivered = Math.max(file.last + 1000, windowEnd + this.rng.between(20, 300) * 1000L);
		delivered = Math.max(file.last + 1000, Math.min(delivered, this.endMillis));
		Instant at = Instant.ofEpochMilli(delivered);
		String key = "AWSLogs/" + file.account + "/CloudTrail/" + file.region + "/" + KEY_DATE.format(at) + "/"
				+ file.account + "_CloudTrail_" + file.region + "_" + KEY_TIME.format(at) + "_" + this.rng.alnum(16)
				+ ".json.gz";
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(file.records.size() * 400);
		try (OutputStream gzip = new FastGzip(bytes); JsonGenerator json = MAPPER.createGenerator(gzip)) {
			json.writeStartObject();
			json.writeName("Records");
			json.writeStartArray();
			for (ObjectNode record : file.records) {
				MAPPER.writeTree(json, record);
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int count = file.records.size();
		file.records.clear();
		this.sink.accept(new GeneratedFile(key, at, count, bytes.toByteArray()));
	}

	/**
	 * Gzip at the fastest level: the benchmarks generate millions of records, and size
	 * barely changes.
	 */
	private static final class FastGzip extends GZIPOutputStream {

		FastGzip(OutputStream out) throws IOException {
			super(out, 1 << 16);
			this.def.setLevel(Deflater.BEST_SPEED);
		}

	}

	private static final class OpenFile {

		final String account;

		final String region;

		final List<ObjectNode> records = new ArrayList<>();

		long window;

		long last;

		OpenFile(String account, String region) {
			this.account = account;
			this.region = region;
		}

	}

	/**
	 * A queued record; the sequence keeps records of the same millisecond in the order
	 * they were written.
	 */
	private record Pending(long millis, long seq, ObjectNode record, String account,
			String region) implements Comparable<Pending> {

		@Override
		public int compareTo(Pending other) {
			int byTime = Long.compare(this.millis, other.millis);
			return byTime != 0 ? byTime : Long.compare(this.seq, other.seq);
		}
	}

}
