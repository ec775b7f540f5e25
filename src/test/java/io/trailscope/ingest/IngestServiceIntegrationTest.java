package io.trailscope.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.trailscope.ingest.CloudTrailFiles.recordWithoutAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TrailscopeIntegrationTest
class IngestServiceIntegrationTest {

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Test
	void loadsGzippedTrailFileOnceEvenWhenDeliveredTwice() throws IOException {
		String id = UUID.randomUUID().toString();
		byte[] file = gzip("{\"Records\":[" + record(id, "2019-03-05T10:00:00Z", "111111111111") + "]}");
		ObjectRef ref = ObjectRef.s3("bucket",
				"AWSLogs/111111111111/CloudTrail/us-east-1/2019/03/05/f-" + id + ".json.gz", "etag-" + id, file.length,
				Instant.now());

		IngestResult first = this.ingest.ingest(ref, () -> new ByteArrayInputStream(file));
		IngestResult second = this.ingest.ingest(ref, () -> new ByteArrayInputStream(file));

		assertThat(first.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(first.loaded()).isEqualTo(1);
		assertThat(second.status()).isEqualTo(IngestResult.Status.ALREADY_LOADED);
		assertThat(this.jdbc.sql("select count(*) from events where event_id = ?").param(id).query(Long.class).single())
			.isEqualTo(1);
	}

	@Test
	void storesAnEventRepeatedInAFileOnceAndKeepsItsCopyForAnotherAccount() {
		String id = UUID.randomUUID().toString();
		String time = "2019-03-05T10:00:00Z";
		monthExists(time);
		byte[] file = lines(record(id, time, "111111111111"), record(id, time, "111111111111"),
				record(id, time, "222222222222"));

		AtomicInteger opened = new AtomicInteger();

		IngestResult result = this.ingest.ingest(local("repeated-" + id + ".jsonl", file), counted(opened, file));

		assertThat(result.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(result.loaded()).isEqualTo(2);
		assertThat(result.duplicates()).isEqualTo(1);
		assertThat(opened).as("dropped before the COPY, not by loading again").hasValue(1);
		assertThat(this.jdbc.sql("select recipient_account_id from events where event_id = ? order by 1")
			.param(id)
			.query(String.class)
			.list()).containsExactly("111111111111", "222222222222");
	}

	@Test
	void storesAnEventRepeatedFarApartInALargeFileOnce() {
		String run = UUID.randomUUID().toString();
		monthExists("2019-03-05T10:00:00Z");
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			records.add(record(run + "-" + i, "2019-03-05T10:00:00Z", "111111111111"));
		}
		// far enough from the first copy to be loaded in another chunk
		records.set(2100, records.get(10));
		byte[] file = lines(records.toArray(String[]::new));

		AtomicInteger opened = new AtomicInteger();

		IngestResult result = this.ingest.ingest(local("large-" + run + ".jsonl", file), counted(opened, file));

		assertThat(result.loaded()).isEqualTo(2499);
		assertThat(result.duplicates()).isEqualTo(1);
		assertThat(opened).as("the later chunk's look-up found the earlier one's row").hasValue(1);
		assertThat(storedOf(run)).isEqualTo(2499);
	}

	@Test
	void aLoadThatMeetsAnotherStoringTheSameEventsLoadsAgainAndSkipsThem() throws Exception {
		String run = UUID.randomUUID().toString();
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			records.add(record(run + "-" + i, "2019-03-05T11:00:00Z", "111111111111").replace("\n", " "));
		}
		byte[] whole = lines(records.toArray(String[]::new));
		byte[] overlap = lines(records.subList(0, 1000).toArray(String[]::new));
		// the month exists, so that each load is opened only for the reasons under test
		monthExists("2019-03-05T11:00:00Z");
		// the first load stops reading near its end, its first chunk stored but not
		// committed
		int pauseAt = new String(whole, StandardCharsets.UTF_8).indexOf(records.get(2500));
		assertThat(pauseAt).isPositive();
		CountDownLatch paused = new CountDownLatch(1);
		CountDownLatch resume = new CountDownLatch(1);
		AtomicInteger overlapOpened = new AtomicInteger();
		ExecutorService loaders = Executors.newFixedThreadPool(2);
		try {
			Future<IngestResult> first = loaders
				.submit(() -> this.ingest.ingest(local("whole-" + run + ".jsonl", whole),
						() -> new PausingStream(whole, pauseAt, paused, resume)));
			assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
			Future<IngestResult> second = loaders
				.submit(() -> this.ingest.ingest(local("overlap-" + run + ".jsonl", overlap), () -> {
					overlapOpened.incrementAndGet();
					return new ByteArrayInputStream(overlap);
				}));
			// the second load's COPY waits for the first's uncommitted rows
			await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.sql("""
					select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'copy events%'
					""").query(Long.class).single() == 1);
			resume.countDown();

			IngestResult wholeResult = first.get(60, TimeUnit.SECONDS);
			IngestResult overlapResult = second.get(60, TimeUnit.SECONDS);
			assertThat(wholeResult.status()).isEqualTo(IngestResult.Status.LOADED);
			assertThat(wholeResult.loaded()).isEqualTo(3000);
			assertThat(overlapResult.status()).isEqualTo(IngestResult.Status.LOADED);
			assertThat(overlapResult.loaded()).isZero();
			assertThat(overlapResult.duplicates()).isEqualTo(1000);
			assertThat(overlapOpened).as("the second load was rolled back and loaded again").hasValue(2);
			assertThat(storedCopies(run + "-0")).isEqualTo(1);
			assertThat(storedOf(run)).isEqualTo(3000);
		}
		finally {
			resume.countDown();
			loaders.shutdownNow();
		}
	}

	@Test
	void storesValuesWithQuotesBackslashesAndCommasAsWrittenInColumnsTermsAndRecord() {
		String id = UUID.randomUUID().toString();
		String agent = "Say \\\"Hi\\\", C:\\\\Temp\\\\{x}";
		byte[] file = lines(record(id, "2019-03-05T12:00:00Z", "111111111111").replace("aws-cli/2.0", agent));

		IngestResult result = this.ingest.ingest(local("quotes-" + id + ".jsonl", file),
				() -> new ByteArrayInputStream(file));

		assertThat(result.loaded()).isEqualTo(1);
		String written = "Say \"Hi\", C:\\Temp\\{x}";
		assertThat(this.jdbc.sql("select user_agent from events where event_id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo(written);
		assertThat(this.jdbc.sql("select record ->> 'userAgent' from events where event_id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo(written);
		assertThat(this.jdbc.sql("select search_terms from events where event_id = ?")
			.param(id)
			.query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
			.single()).contains(written.toLowerCase(), "say", "\\temp\\");
	}

	@Test
	void storesAnEventWithATimeFinerThanMicrosecondsOnceWhenItIsDeliveredAgain() {
		String id = UUID.randomUUID().toString();
		byte[] file = lines(record(id, "2019-03-05T13:00:00.1234567Z", "111111111111"));

		IngestResult first = this.ingest.ingest(local("fine-" + id + ".jsonl", file),
				() -> new ByteArrayInputStream(file));
		IngestResult again = this.ingest.ingest(local("fine-again-" + id + ".jsonl", file),
				() -> new ByteArrayInputStream(file));

		assertThat(first.loaded()).isEqualTo(1);
		assertThat(again.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(again.duplicates()).isEqualTo(1);
		assertThat(
				this.jdbc.sql("select to_char(event_time at time zone 'UTC', 'SS.US') from events where event_id = ?")
					.param(id)
					.query(String.class)
					.single())
			.isEqualTo("00.123457");
	}

	@Test
	void loadsAFileWhoseKeysDifferOnlyUntilTheyAreStoredByInsertingWhatIsAbsent() {
		// two lone surrogates: distinct in Java, the same replacement character once
		// encoded
		String run = UUID.randomUUID().toString();
		String time = "2019-03-05T14:00:00Z";
		monthExists(time);
		byte[] file = lines(record(run + "-\\ud800", time, "111111111111"),
				record(run + "-\\udbff", time, "111111111111"));
		AtomicInteger opened = new AtomicInteger();

		IngestResult result = this.ingest.ingest(local("surrogates-" + run + ".jsonl", file), counted(opened, file));

		assertThat(result.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(result.loaded()).isEqualTo(1);
		assertThat(result.duplicates()).isEqualTo(1);
		assertThat(storedOf(run)).isEqualTo(1);
		assertThat(opened).as("the COPY failed on the key, and the second load inserted what was absent").hasValue(2);
	}

	@Test
	void aFileOfMonthsWithoutPartitionsIsLoadedAgainOnceEachMonthIsCreated() {
		this.jdbc.sql("drop table if exists events_2013m05, events_2013m06").update();
		String run = UUID.randomUUID().toString();
		List<String> records = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			records
				.add(record(run + "-" + i, i < 1200 ? "2013-05-31T23:59:00Z" : "2013-06-01T00:01:00Z", "111111111111"));
		}
		byte[] file = lines(records.toArray(String[]::new));
		AtomicInteger opened = new AtomicInteger();

		IngestResult result = this.ingest.ingest(local("month-end-" + run + ".jsonl", file), counted(opened, file));

		assertThat(result.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(result.loaded()).isEqualTo(1500);
		assertThat(storedOf(run)).isEqualTo(1500);
		assertThat(partitionExists("events_2013m05")).isTrue();
		assertThat(partitionExists("events_2013m06")).isTrue();
		assertThat(opened).as("rolled back when it met May, then June, and loaded again each time").hasValue(3);
	}

	@Test
	void takesTheAccountFromTheKeyWhenTheRecordHasNone() {
		String id = UUID.randomUUID().toString();
		byte[] file = lines(recordWithoutAccount(id));
		String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2014/03/06/111122223333_CloudTrail_us-east-1_" + id
				+ ".json";

		IngestResult first = this.ingest.ingest(ObjectRef.s3("bucket", key, "etag-1", file.length, Instant.now()),
				() -> new ByteArrayInputStream(file));
		// written again under another ETag: loaded again, and the same account makes it
		// the same event
		IngestResult again = this.ingest.ingest(ObjectRef.s3("bucket", key, "etag-2", file.length, Instant.now()),
				() -> new ByteArrayInputStream(file));

		assertThat(first.loaded()).isEqualTo(1);
		assertThat(again.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(again.duplicates()).isEqualTo(1);
		assertThat(accountsOf(id)).containsExactly("111122223333");
		assertThat(this.jdbc.sql("select record -> 'recipientAccountId' is null from events where event_id = ?")
			.param(id)
			.query(Boolean.class)
			.single()).as("the stored record is the record as it came").isTrue();
	}

	@Test
	void takesTheAccountFromAnOrganizationTrailsKeyWhenTheRecordHasNone() {
		String id = UUID.randomUUID().toString();
		byte[] file = lines(recordWithoutAccount(id));
		String key = "trails/AWSLogs/o-exampleorg1/444455556666/CloudTrail/us-east-1/2014/03/06/f-" + id + ".json";

		this.ingest.ingest(ObjectRef.s3("bucket", key, "etag", file.length, Instant.now()),
				() -> new ByteArrayInputStream(file));

		assertThat(accountsOf(id)).containsExactly("444455556666");
	}

	@Test
	void keepsTheRecordsOwnAccountWhenTheKeyNamesAnother() {
		String id = UUID.randomUUID().toString();
		byte[] file = lines(record(id, "2014-03-06T21:22:54Z", "444455556666"));
		String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2014/03/06/f-" + id + ".json";

		this.ingest.ingest(ObjectRef.s3("bucket", key, "etag", file.length, Instant.now()),
				() -> new ByteArrayInputStream(file));

		assertThat(accountsOf(id)).containsExactly("444455556666");
	}

	private List<String> accountsOf(String id) {
		return this.jdbc.sql("select recipient_account_id from events where event_id = ? order by 1")
			.param(id)
			.query(String.class)
			.list();
	}

	/** Opens the file's bytes, counting how often it was opened. */
	private static ObjectOpener counted(AtomicInteger opened, byte[] file) {
		return () -> {
			opened.incrementAndGet();
			return new ByteArrayInputStream(file);
		};
	}

	private void monthExists(String time) {
		this.jdbc.sql("select ensure_event_partitions(cast(:t as timestamptz), cast(:t as timestamptz))")
			.param("t", time)
			.query()
			.listOfRows();
	}

	private long storedCopies(String id) {
		return this.jdbc.sql("select count(*) from events where event_id = ?").param(id).query(Long.class).single();
	}

	private boolean partitionExists(String name) {
		return this.jdbc.sql("select to_regclass(:name) is not null").param("name", name).query(Boolean.class).single();
	}

	private long storedOf(String run) {
		return this.jdbc.sql("select count(*) from events where event_id like :run")
			.param("run", run + "-%")
			.query(Long.class)
			.single();
	}

	private static ObjectRef local(String name, byte[] content) {
		return new ObjectRef("test", "", name, "etag-" + name, content.length, Instant.now(),
				ObjectKind.ofLocalName(name));
	}

	private static byte[] lines(String... records) {
		StringBuilder b = new StringBuilder();
		for (String record : records) {
			b.append(record.replace("\n", " ")).append('\n');
		}
		return b.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Bytes that stop at an offset until resumed. */
	private static final class PausingStream extends InputStream {

		private final byte[] bytes;

		private final int pauseAt;

		private final CountDownLatch paused;

		private final CountDownLatch resume;

		private int position;

		PausingStream(byte[] bytes, int pauseAt, CountDownLatch paused, CountDownLatch resume) {
			this.bytes = bytes;
			this.pauseAt = pauseAt;
			this.paused = paused;
			this.resume = resume;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.position == this.pauseAt) {
				this.paused.countDown();
				try {
					this.resume.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted", ex);
				}
			}
			if (this.position >= this.bytes.length) {
				return -1;
			}
			int end = this.position < this.pauseAt ? this.pauseAt : this.bytes.length;
			int n = Math.min(len, end - this.position);
			System.arraycopy(this.bytes, this.position, b, off, n);
			this.position += n;
			return n;
		}

	}

	private static String record(String id, String time, String account) {
		return """
				{"eventVersion":"1.08","eventTime":"%s","eventID":"%s","recipientAccountId":"%s",
				 "eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1",
				 "sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.0",
				 "userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::%s:user/alice",
				   "accountId":"%s","accessKeyId":"AKIAEXAMPLE"}}
				""".formatted(time, id, account, account, account);
	}

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}

}
