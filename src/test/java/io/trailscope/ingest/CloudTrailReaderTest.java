package io.trailscope.ingest;

import java.io.ByteArrayInputStream;
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
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.ingest.CloudTrailReader.MalformedInputException;
import io.trailscope.ingest.CloudTrailReader.SourceUnavailableException;
import io.trailscope.ingest.RecordNormalizer.RejectedRecordException;

import static io.trailscope.ingest.CloudTrailFiles.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	private List<String> ids(byte[] content) {
		List<String> ids = new ArrayList<>();
		this.reader.read(new ByteArrayInputStream(content), r -> ids.add(r.path("eventID").asString()));
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
		this.reader.read(new ByteArrayInputStream((event + "\n" + event.replace("id-7", "id-8")).getBytes()), records::add);

		assertThat(records).extracting(r -> r.path("eventID").asString()).containsExactly("id-7", "id-8");
		assertThat(records.get(0).has("detail-type")).isFalse();
	}

	@Test
	void keepsTheRecordsBeforeTruncatedGzip() {
		byte[] whole = gzip(trailFile(2000));
		byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
		List<String> ids = new ArrayList<>();

		assertThatExceptionOfType(MalformedInputException.class)
			.isThrownBy(() -> this.reader.read(new ByteArrayInputStream(truncated), r -> ids.add(r.path("eventID").asString())))
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
			.isThrownBy(() -> this.reader.read(new ByteArrayInputStream(gzip(file)), r -> ids.add(r.path("eventID").asString())))
			.withMessageContaining("invalid JSON")
			.withMessageContaining("after 2 records");
		assertThat(ids).containsExactly("id-1", "id-2");
	}

	@Test
	void handsOverARecordWithoutEventIdForTheNormalizerToRejectAlone() {
		String file = "{\"Records\":[" + record(1) + ",{\"eventTime\":\"2025-01-02T03:04:05Z\"}," + record(2)
				+ ",{\"eventID\":\"no-time\"}]}";
		List<ObjectNode> records = new ArrayList<>();
		this.reader.read(new ByteArrayInputStream(file.getBytes()), records::add);
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

		assertThatExceptionOfType(SourceUnavailableException.class)
			.isThrownBy(() -> this.reader.read(failing, r -> {
			}))
			.withMessageContaining("Connection reset");
	}

	/**
	 * A 100 MB gzipped trail file is generated while it is read, and read to the end with a small,
	 * bounded amount of live memory: the reader keeps one record at a time.
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

		long read = this.reader.read(in, record -> {
			if (++count[0] % 100_000 == 0) {
				System.gc();
				peakAfterGc[0] = Math.max(peakAfterGc[0], runtime.totalMemory() - runtime.freeMemory() - baseline);
			}
		});
		writer.join();

		assertThat(written.get()).isGreaterThanOrEqualTo(targetBytes);
		assertThat(read).isEqualTo(count[0]).isGreaterThan(300_000);
		// the file is 100 MB uncompressed; what stays live while it is read is a small fraction of that
		assertThat(peakAfterGc[0]).isLessThan(32L * 1024 * 1024);
	}
}
