package io.trailscope.ingest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.trailscope.ingest.local.ImportSummary;
import io.trailscope.ingest.local.LocalImport;
import io.trailscope.ingest.queue.NotificationParserTest;
import io.trailscope.sample.TrailGenerator.GeneratedFile;
import io.trailscope.sample.TrailGenerator;
import io.trailscope.ingest.record.RecordNormalizer;
import io.trailscope.ingest.record.CloudTrailReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest throughput, not a test: run with
 * {@code ./mvnw test -Dtest=IngestBenchmark -Dtrailscope.bench.events=200000}. Generates
 * that many events of the sample trail as gzipped files in the in-process S3 server,
 * announces each file with an S3 event notification on the in-process queue, and measures
 * the time until every event is stored (and so searchable: the indexes are written in the
 * same transaction); then imports as many other events from local files. Prints events
 * per second and the peak heap of this JVM (which also holds the SQS and S3 servers and
 * the test's own buffers). Switches: {@code -Dtrailscope.ingest.concurrency=N},
 * {@code -Dtrailscope.bench.queue=false} (local import only),
 * {@code -Dtrailscope.bench.gin=false} (without the two GIN indexes),
 * {@code -Dtrailscope.bench.dense=true} (one account and region over a day: fuller
 * files).
 */
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
@TestPropertySource(properties = "trailscope.sessions.derive-delay=1s")
class IngestBenchmark extends AwsIntegrationTest {

	static final Instant END = Instant.parse("2025-06-30T00:00:00Z");

	@Autowired
	LocalImport localImport;

	@Test
	void queueAndLocalImport() throws IOException {
		long events = Long.getLong("trailscope.bench.events");
		String bucket = "bench-" + unique();
		TrailGenerator.Settings settings = TrailGenerator.Settings.defaults(END);
		if (Boolean.getBoolean("trailscope.bench.dense")) {
			// one account and region over one day: fuller files, to see what a file costs
			// beside its events
			settings = new TrailGenerator.Settings(settings.seed(), END.minus(Duration.ofDays(1)), END,
					settings.accounts().subList(0, 1), settings.regions().subList(0, 1), false);
		}

		boolean viaQueue = !"false".equals(System.getProperty("trailscope.bench.queue"));
		if ("false".equals(System.getProperty("trailscope.bench.gin"))) {
			// an experiment on this throw-away database: what the two GIN indexes cost
			this.jdbc.sql("drop index if exists events_record_idx").update();
			this.jdbc.sql("drop index if exists events_terms_idx").update();
		}
		// --- through S3 and SQS ---
		List<String> keys = new ArrayList<>();
		long[] generated = { 0 };
		long t0 = System.nanoTime();
		new TrailGenerator(settings).generate(viaQueue ? events : 0, file -> {
			this.aws.put(bucket, file.key(), file.gzipped());
			keys.add(file.key());
			generated[0] += file.records();
		});
		long uploaded = System.nanoTime();
		resetPeakHeap();
		long start = System.nanoTime();
		for (int i = 0; i < keys.size(); i += 10) {
			List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
			for (int j = i; j < Math.min(i + 10, keys.size()); j++) {
				batch.add(SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(j))
					.messageBody(NotificationParserTest.s3Event(keys.get(j)).replace("my-trail", bucket))
					.build());
			}
			this.aws.sqs.sendMessageBatch(r -> r.queueUrl(this.aws.queueUrl).entries(batch));
		}
		await().atMost(Duration.ofHours(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> loadedFiles(bucket) == keys.size());
		long stored = System.nanoTime();
		if (derivesSessions()) {
			await().atMost(Duration.ofHours(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.jdbc.sql("""
						select not exists (select 1 from ingest_objects o where o.loaded_count > 0
						  and not exists (select 1 from session_objects d where d.object_id = o.id))""")
					.query(Boolean.class)
					.single());
		}
		long derived = System.nanoTime();
		long storedEvents = this.jdbc.sql("select coalesce(sum(loaded_count), 0) from ingest_objects where bucket = :b")
			.param("b", bucket)
			.query(Long.class)
			.single();
		long peakQueue = peakHeap();
		assertThat(storedEvents).isEqualTo(generated[0]);
		assertThat(!viaQueue || this.jdbc
			.sql("select count(*) from events e join ingest_objects o on o.id = e.object_id "
					+ "where o.bucket = :b and e.search_terms @> array['assumerole']")
			.param("b", bucket)
			.query(Long.class)
			.single() > 0).as("found through the search index").isTrue();

		// --- local files ---
		Path dir = Files.createTempDirectory("trailscope-bench");
		long[] localEvents = { 0 };
		new TrailGenerator(settings.withSeed(settings.seed() + 7)).generate(events, file -> {
			write(dir, file);
			localEvents[0] += file.records();
		});
		// the same files read and normalized without the database: the loader's own CPU
		long p0 = System.nanoTime();
		long[] parsed = { 0 };
		CloudTrailReader reader = new CloudTrailReader();
		RecordNormalizer normalizer = new RecordNormalizer(tools.jackson.databind.json.JsonMapper.builder().build());
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				try (var in = Files.newInputStream(file)) {
					reader.read(in, record -> {
						normalizer.normalize(record);
						parsed[0]++;
					}, reason -> {
					});
				}
			}
		}
		double parseSeconds = (System.nanoTime() - p0) / 1e9;
		resetPeakHeap();
		long l0 = System.nanoTime();
		ImportSummary summary = this.localImport.importPaths(List.of(dir), LocalImport.ImportListener.NONE);
		long l1 = System.nanoTime();
		long peakLocal = peakHeap();
		delete(dir);
		assertThat(summary.failed()).isZero();

		double queueSeconds = (stored - start) / 1e9;
		double localSeconds = (l1 - l0) / 1e9;
		System.out.printf("""

				Ingest benchmark (%d cores, max heap %d MB, concurrency %s)
				  generated and uploaded %d events in %d files in %.1f s
				  S3 + SQS: %d events stored in %.1f s = %.0f events/s (%.1f files/s), peak heap %d MB
				  sessions derived %.1f s after the last file was stored
				  local import: %d events in %d files in %.1f s = %.0f events/s, peak heap %d MB
				  of which read and normalize alone (no database): %d events in %.1f s = %.0f events/s
				%n""", Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
				System.getProperty("trailscope.ingest.concurrency", "2"), generated[0], keys.size(),
				(uploaded - t0) / 1e9, storedEvents, queueSeconds, storedEvents / queueSeconds,
				keys.size() / queueSeconds, peakQueue >> 20, (derived - stored) / 1e9, summary.loaded(),
				summary.files(), localSeconds, summary.loaded() / localSeconds, peakLocal >> 20, parsed[0],
				parseSeconds, parsed[0] / parseSeconds);
	}

	/** Whether this run waits for the sessions of what it loaded. */
	boolean derivesSessions() {
		return true;
	}

	private long loadedFiles(String bucket) {
		return this.jdbc.sql("select count(*) from ingest_objects where bucket = :b and status = 'LOADED'")
			.param("b", bucket)
			.query(Long.class)
			.single();
	}

	private static void write(Path dir, GeneratedFile file) {
		try {
			Path target = dir.resolve(file.key());
			Files.createDirectories(target.getParent());
			Files.write(target, file.gzipped());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	private static void resetPeakHeap() {
		System.gc();
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	/**
	 * The sum of the heap pools' peaks: an upper bound of the heap in use at any one
	 * time.
	 */
	private static long peakHeap() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP)
			.mapToLong(pool -> pool.getPeakUsage().getUsed())
			.sum();
	}

}
