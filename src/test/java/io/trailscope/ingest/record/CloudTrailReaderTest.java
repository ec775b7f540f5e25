package io.trailscope.ingest.record;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.ingest.record.CloudTrailReader.MalformedInputException;
import io.trailscope.ingest.record.CloudTrailReader.RecordSink;
import io.trailscope.ingest.record.CloudTrailReader.SourceUnavailableException;
import io.trailscope.ingest.record.RecordNormalizer.RejectedRecordException;
import io.trailscope.ingest.CloudTrailFiles;
import io.trailscope.ingest.RepeatedBytes;

import static io.trailscope.ingest.CloudTrailFiles.gzip;
import static io.trailscope.ingest.CloudTrailFiles.gzipBomb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class CloudTrailReaderTest {

	private final CloudTrailReader reader = new CloudTrailReader();

	static String record(int i) {
		return """
				{"eventVersion":"1.08","eventTime":"2025-01-02T03:04:05Z","eventID":"id-%d","recipientAccountId":"111122223333",
				 "eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.%d",
				 "userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::111122223333:user/alice"}}"""
			.formatted(i, i % 250);
	}

	static String trailFile(int count) {
		StringBuilder b = new StringBuilder("{\"Records\":[");
		for (int i = 0; i < count; i++) {
			b.append(i == 0 ? "" : ",").append(record(i));
		}
		return b.append("]}").toString();
	}

	/** Reads with the default limits, which none of these files reach. */
	private long readAll(InputStream in, RecordSink sink) {
		return this.reader.read(in, sink, reason -> fail("a record was rejected: " + reason));
	}

	private List<String> ids(byte[] content) {
		List<String> ids = new ArrayList<>();
		readAll(new ByteArrayInputStream(content), r -> ids.add(r.path("eventID").asString()));
		return ids;
	}

	@Test
	void readsAGzippedTrailFile() {
		assertThat(ids(gzip(trailFile(3)))).containsExactly("id-0", "id-1", "id-2");
	}

	@Test
	void readsPlainJsonLinesAndArrays() {
		String lines = record(1).replace("\n", "") + "\n" + record(2).replace("\n", "") + "\n";
		String array = "[" + record(1) + "," + record(2) + "]";

		assertThat(ids(lines.getBytes(StandardCharsets.UTF_8))).containsExactly("id-1", "id-2");
		assertThat(ids(gzip(lines))).containsExactly("id-1", "id-2");
		assertThat(ids(array.getBytes(StandardCharsets.UTF_8))).containsExactly("id-1", "id-2");
	}

	@Test
	void readsTheRecordOfEventBridgeEnvelopes() {
		String event = """
				{"version":"0","id":"e-1","detail-type":"AWS API Call via CloudTrail","source":"aws.s3",
				 "account":"111122223333","time":"2025-01-02T03:04:05Z","region":"us-east-1","detail":%s}
				""".formatted(record(7)).replace("\n", "");

		List<ObjectNode> records = new ArrayList<>();
		readAll(new ByteArrayInputStream((event + "\n" + event.replace("id-7", "id-8")).getBytes()), records::add);

		assertThat(records).extracting(r -> r.path("eventID").asString()).containsExactly("id-7", "id-8");
		assertThat(records.get(0).has("detail-type")).isFalse();
	}

	@Test
	void keepsTheRecordsBeforeTruncatedGzip() {
		byte[] whole = gzip(trailFile(2000));
		byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
		List<String> ids = new ArrayList<>();

		assertThatExceptionOfType(MalformedInputException.class)
			.isThrownBy(() -> readAll(new ByteArrayInputStream(truncated), r -> ids.add(r.path("eventID").asString())))
			.withMessageContaining("after " + ids.size() + " records");
		assertThat(ids).isNotEmpty().hasSizeLessThan(2000).startsWith("id-0", "id-1");
	}

	@Test
	void rejectsABodyThatIsNeitherGzipNorJson() {
		byte[] body = "PK\u0003\u0004 this is a zip, or anything else".getBytes(StandardCharsets.ISO_8859_1);

		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> ids(body))
			.withMessageContaining("after 0 records");
	}

	@Test
	void rejectsCorruptGzip() {
		byte[] gz = gzip(trailFile(50));
		for (int i = 20; i < gz.length - 20; i += 7) {
			gz[i] ^= 0x5a;
		}

		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> ids(gz));
	}

	@Test
	void keepsTheRecordsBeforeInvalidJsonMidFile() {
		String file = "{\"Records\":[" + record(1) + "," + record(2) + ",{\"eventID\": oops}," + record(3) + "]}";
		List<String> ids = new ArrayList<>();

		assertThatExceptionOfType(MalformedInputException.class)
			.isThrownBy(() -> readAll(new ByteArrayInputStream(gzip(file)), r -> ids.add(r.path("eventID").asString())))
			.withMessageContaining("invalid JSON")
			.withMessageContaining("after 2 records");
		assertThat(ids).containsExactly("id-1", "id-2");
	}

	@Test
	void handsOverARecordWithoutEventIdForTheNormalizerToRejectAlone() {
		String file = "{\"Records\":[" + record(1) + ",{\"eventTime\":\"2025-01-02T03:04:05Z\"}," + record(2)
				+ ",{\"eventID\":\"no-time\"}]}";
		List<ObjectNode> records = new ArrayList<>();
		readAll(new ByteArrayInputStream(file.getBytes()), records::add);
		RecordNormalizer normalizer = new RecordNormalizer(JsonMapper.builder().build());

		List<String> stored = new ArrayList<>();
		List<String> rejected = new ArrayList<>();
		for (ObjectNode record : records) {
			try {
				stored.add(normalizer.normalize(record).eventId());
			}
			catch (RejectedRecordException ex) {
				rejected.add(ex.getMessage());
			}
		}

		assertThat(stored).containsExactly("id-1", "id-2");
		assertThat(rejected).containsExactly("no eventID", "no eventTime (eventID no-time)");
	}

	@Test
	void tellsAFailingSourceApartFromCorruptContent() {
		InputStream failing = new InputStream() {
			int left = 100;

			@Override
			public int read() throws IOException {
				if (this.left <= 0) {
					throw new IOException("Connection reset");
				}
				this.left--;
				return ' ';
			}
		};

		assertThatExceptionOfType(SourceUnavailableException.class).isThrownBy(() -> readAll(failing, r -> {
		})).withMessageContaining("Connection reset");
	}

	/**
	 * A 100 MB gzipped trail file is generated while it is read, and read to the end with
	 * a small, bounded amount of live memory: the reader keeps one record at a time.
	 */
	@Test
	void readsALargeFileAtConstantMemory() throws Exception {
		long targetBytes = 100L * 1024 * 1024;
		PipedInputStream in = new PipedInputStream(1 << 16);
		PipedOutputStream pipe = new PipedOutputStream(in);
		AtomicLong written = new AtomicLong();
		Thread writer = new Thread(() -> {
			try (OutputStream gz = new GZIPOutputStream(pipe, 1 << 16)) {
				gz.write("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
				int i = 0;
				while (written.get() < targetBytes) {
					byte[] rec = ((i == 0 ? "" : ",") + record(i)).getBytes(StandardCharsets.UTF_8);
					gz.write(rec);
					written.addAndGet(rec.length);
					i++;
				}
				gz.write("]}".getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}, "generator");
		writer.start();
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		long baseline = runtime.totalMemory() - runtime.freeMemory();
		long[] peakAfterGc = { 0 };
		long[] count = { 0 };

		long read = readAll(in, record -> {
			if (++count[0] % 100_000 == 0) {
				System.gc();
				peakAfterGc[0] = Math.max(peakAfterGc[0], runtime.totalMemory() - runtime.freeMemory() - baseline);
			}
		});
		writer.join();

		assertThat(written.get()).isGreaterThanOrEqualTo(targetBytes);
		assertThat(read).isEqualTo(count[0]).isGreaterThan(300_000);
		// the file is 100 MB uncompressed; what stays live while it is read is a small
		// fraction of that
		assertThat(peakAfterGc[0]).isLessThan(32L * 1024 * 1024);
	}

	/**
	 * Limits low enough for small test files: 1 MiB an object, 64 KiB and 1000 tokens a
	 * record.
	 */
	private static final IngestLimits LOW = new IngestLimits(DataSize.ofMegabytes(1), 10, DataSize.ofKilobytes(64),
			1000, 100, null, null);

	/**
	 * What a read with limits handed over: the ids of the records read and the reasons of
	 * those rejected.
	 */
	private record Outcome(List<String> ids, List<String> rejected) {
	}

	private static Outcome readWithin(IngestLimits limits, InputStream in) {
		Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>());
		new CloudTrailReader(limits).read(in, r -> outcome.ids().add(r.path("eventID").asString()),
				outcome.rejected()::add);
		return outcome;
	}

	/**
	 * A gzip bomb: one record, then a gigabyte of spaces in about a megabyte of file.
	 * Reading stops at the object limit, having read a sliver of the file.
	 */
	@Test
	void stopsAGzipBombAtTheObjectLimitKeepingTheRecordsBefore() {
		byte[] file = gzipBomb(record(1));
		AtomicLong compressedRead = new AtomicLong();
		InputStream counted = new FilterInputStream(new ByteArrayInputStream(file)) {

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int n = super.read(b, off, len);
				compressedRead.addAndGet(Math.max(n, 0));
				return n;
			}
		};
		List<String> ids = new ArrayList<>();

		assertThatExceptionOfType(MalformedInputException.class)
			.isThrownBy(() -> new CloudTrailReader(LOW).read(counted, r -> ids.add(r.path("eventID").asString()),
					reason -> fail(reason)))
			.withMessage("the object is larger than 1 MiB once decompressed (trailscope.ingest.limits.max-object-size);"
					+ " reading stopped after 1 records");
		assertThat(file.length).isLessThan(2 << 20);
		assertThat(ids).containsExactly("id-1");
		assertThat(compressedRead.get()).as("compressed bytes read").isLessThan(file.length / 4);
	}

	/**
	 * A record holding a 500 MB string, generated while it is read: it is rejected by the
	 * default record limit (8 MiB) without ever being held, and the records around it are
	 * read. The heap is measured after a collection every 64 MiB of the file.
	 */
	@Test
	void rejectsARecordHoldingA500MegabyteStringAndReadsItsNeighboursInBoundedMemory() {
		long size = 500L << 20;
		String before = "{\"Records\":[" + record(1) + ",{\"eventID\":\"huge\",\"eventTime\":\"2025-01-02T03:04:05Z\","
				+ "\"requestParameters\":{\"blob\":\"";
		String after = "\"}}," + record(2) + "]}";
		System.gc();
		long baseline = usedHeap();
		List<Long> afterGc = new ArrayList<>();
		RepeatedBytes file = new RepeatedBytes(before, 'A', size, after, read -> {
			System.gc();
			afterGc.add(usedHeap() - baseline);
		});

		Outcome outcome = readWithin(IngestLimits.defaults(), file);

		assertThat(outcome.ids()).containsExactly("id-1", "id-2");
		assertThat(outcome.rejected()).singleElement()
			.asString()
			.startsWith("larger than 8 MiB (trailscope.ingest.limits.max-record-size), at line 3, column ");
		assertThat(afterGc).hasSizeGreaterThanOrEqualTo(7);
		assertThat(afterGc).as("live heap while the string is read").allMatch(used -> used < 48L << 20);
	}

	@Test
	void rejectsALargeLineOfJsonLinesAndReadsTheLinesAround() {
		String large = "{\"eventID\":\"large\",\"blob\":\"" + "x".repeat(512 << 10) + "\"}";
		String lines = oneLine(record(1)) + "\n" + large + "\n" + oneLine(record(2)) + "\n";

		Outcome outcome = readWithin(LOW, new ByteArrayInputStream(gzip(lines)));

		assertThat(outcome.ids()).containsExactly("id-1", "id-2");
		assertThat(outcome.rejected())
			.containsExactly("larger than 64 KiB (trailscope.ingest.limits.max-record-size), at line 2, column 1");
	}

	@Test
	void rejectsARecordNested10000DeepAndReadsItsNeighbours() {
		String deep = "{\"eventID\":\"deep\",\"eventTime\":\"2025-01-02T03:04:05Z\",\"requestParameters\":"
				+ "{\"a\":[".repeat(5_000) + "]}".repeat(5_000) + "}";
		String trail = "{\"Records\":[" + oneLine(record(1)) + "," + deep + "," + oneLine(record(2)) + "]}";
		String lines = oneLine(record(3)) + "\n" + deep + "\n" + oneLine(record(4));

		Outcome inTrail = readWithin(IngestLimits.defaults(), new ByteArrayInputStream(gzip(trail)));
		Outcome inLines = readWithin(IngestLimits.defaults(), new ByteArrayInputStream(gzip(lines)));

		assertThat(inTrail.ids()).containsExactly("id-1", "id-2");
		assertThat(inTrail.rejected()).singleElement()
			.asString()
			.startsWith(
					"nested deeper than 100 levels (trailscope.ingest.limits.max-nesting-depth), at line 1, column ");
		assertThat(inLines.ids()).containsExactly("id-3", "id-4");
		assertThat(inLines.rejected()).containsExactly(
				"nested deeper than 100 levels (trailscope.ingest.limits.max-nesting-depth), at line 2, column 1");
	}

	@Test
	void rejectsARecordOfTooManyTokensOrAnOverlongNumberAndReadsItsNeighbours() {
		String tokens = "{\"eventID\":\"tokens\",\"x\":[" + "0,".repeat(2000) + "0]}";
		String number = "{\"eventID\":\"number\",\"x\":" + "9".repeat(150) + "}";
		String trail = "{\"Records\":[" + record(1) + "," + tokens + "," + record(2) + "," + number + "," + record(3)
				+ "]}";

		Outcome outcome = readWithin(LOW, new ByteArrayInputStream(trail.getBytes(StandardCharsets.UTF_8)));

		assertThat(outcome.ids()).containsExactly("id-1", "id-2", "id-3");
		assertThat(outcome.rejected()).hasSize(2)
			.allMatch(reason -> reason.startsWith("over a limit of the parser ("))
			.anyMatch(reason -> reason.contains("Token count"))
			.anyMatch(reason -> reason.contains("Number value length"));
	}

	/**
	 * An envelope's members besides its records are skipped, however large: they are not
	 * records.
	 */
	@Test
	void readsTheRecordsOfAnEnvelopeWhoseOtherMembersAreLarge() {
		String before = "{\"notes\":{\"text\":\"";
		String after = "\",\"more\":[[[1]]]},\"Records\":[" + record(1) + "," + record(2) + "],\"after\":\"x\"}";

		Outcome outcome = readWithin(IngestLimits.defaults(), new RepeatedBytes(before, 'n', 20 << 20, after));

		assertThat(outcome.ids()).containsExactly("id-1", "id-2");
		assertThat(outcome.rejected()).isEmpty();
	}

	@Test
	void readsUtf16AsToolsOnWindowsWriteIt() {
		String trail = "{\"Records\":[" + record(1).replace("alice", "al\u00efce \ud83d\ude00") + "," + record(2)
				+ "]}";
		byte[] withMark = ("\ufeff" + trail).getBytes(StandardCharsets.UTF_16LE);
		byte[] withoutMark = trail.getBytes(StandardCharsets.UTF_16BE);
		List<ObjectNode> records = new ArrayList<>();

		readAll(new ByteArrayInputStream(gzip(withMark)), records::add);
		readAll(new ByteArrayInputStream(withoutMark), records::add);

		assertThat(records).extracting(r -> r.path("eventID").asString())
			.containsExactly("id-1", "id-2", "id-1", "id-2");
		assertThat(records.get(0).path("userIdentity").path("userName").asString())
			.isEqualTo("al\u00efce \ud83d\ude00");
	}

	private static String oneLine(String json) {
		return json.replace("\n", " ");
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
