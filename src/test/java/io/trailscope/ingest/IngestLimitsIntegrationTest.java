package io.trailscope.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.local.ImportSummary;
import io.trailscope.ingest.local.LocalImport;

import static io.trailscope.ingest.CloudTrailFiles.entries;
import static io.trailscope.ingest.CloudTrailFiles.gzip;
import static io.trailscope.ingest.CloudTrailFiles.gzipBomb;
import static io.trailscope.ingest.CloudTrailFiles.record;
import static io.trailscope.ingest.CloudTrailFiles.trail;
import static io.trailscope.ingest.CloudTrailFiles.zip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Objects that try to exhaust the loader, loaded under limits low enough for test files
 * (and a window of event times of the settings' own): each is stopped where it crosses a
 * limit, with its reason in the ledger, and what is within the limits around it still
 * loads.
 */
@TrailscopeIntegrationTest
@TestPropertySource(properties = { "trailscope.ingest.limits.max-object-size=64MB",
		"trailscope.ingest.limits.max-record-size=256KB", "trailscope.ingest.limits.earliest-event-time=2014-01-01",
		"trailscope.ingest.limits.max-event-time-ahead=2h" })
class IngestLimitsIntegrationTest {

	private static final String TIME = "2024-06-01T10:00:00Z";

	@Autowired
	IngestService ingest;

	@Autowired
	LocalImport imports;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	/** A gigabyte of spaces after one record, in about a megabyte of file. */
	@Test
	void aGzipBombFailsAtTheObjectLimitWithItsReasonInTheLedger() {
		String run = UUID.randomUUID().toString();
		byte[] file = gzipBomb(record(run + "-1", TIME));

		IngestResult result = this.ingest.ingest(ref("bomb-" + run + ".json.gz", file.length),
				() -> new ByteArrayInputStream(file));

		assertThat(result.status()).isEqualTo(IngestResult.Status.PARTIAL);
		assertThat(result.loaded()).isEqualTo(1);
		assertThat(ledger("bomb-" + run + ".json.gz")).containsEntry("status", "PARTIAL")
			.containsEntry("error", "the object is larger than 64 MiB once decompressed "
					+ "(trailscope.ingest.limits.max-object-size); reading stopped after 1 records");
		assertThat(storedOf(run)).isEqualTo(1);
	}

	/**
	 * The string, 192 times the record limit, is generated as it is read: the loader
	 * never holds it, and stores the records around it. (CloudTrailReaderTest reads one
	 * of 500 MB and measures the heap meanwhile.)
	 */
	@Test
	void aRecordHoldingAHugeStringIsRejectedAndItsNeighboursLoad() {
		String run = UUID.randomUUID().toString();
		String before = "{\"Records\":[" + record(run + "-1", TIME) + ",{\"eventID\":\"" + run
				+ "-huge\",\"eventTime\":\"" + TIME + "\",\"requestParameters\":{\"policy\":\"";
		String after = "\"}}," + record(run + "-2", TIME) + "]}";
		long size = 48L << 20;

		IngestResult result = this.ingest.ingest(ref("huge-" + run + ".json", size),
				() -> new RepeatedBytes(before, 'A', size, after));

		assertThat(result.status()).isEqualTo(IngestResult.Status.PARTIAL);
		assertThat(result.loaded()).isEqualTo(2);
		assertThat(result.rejected()).isEqualTo(1);
		assertThat(ledger("huge-" + run + ".json")).containsEntry("status", "PARTIAL")
			.extractingByKey("error")
			.asString()
			.isEqualTo(
					"1 record(s) rejected: record 2: larger than 256 KiB (trailscope.ingest.limits.max-record-size), at line 6, column 2");
		assertThat(storedOf(run)).isEqualTo(2);
	}

	@Test
	void aRecordNested10000DeepIsRejectedAndItsNeighboursLoad() {
		String run = UUID.randomUUID().toString();
		String deep = "{\"eventID\":\"" + run + "-deep\",\"eventTime\":\"" + TIME + "\",\"requestParameters\":"
				+ "[".repeat(10_000) + "]".repeat(10_000) + "}";
		byte[] file = (record(run + "-1", TIME).replace("\n", " ") + "\n" + deep + "\n"
				+ record(run + "-2", TIME).replace("\n", " ") + "\n")
			.getBytes();

		IngestResult result = this.ingest.ingest(ref("deep-" + run + ".jsonl", file.length),
				() -> new ByteArrayInputStream(file));

		assertThat(result.loaded()).isEqualTo(2);
		assertThat(result.rejected()).isEqualTo(1);
		assertThat(ledger("deep-" + run + ".jsonl")).containsEntry("status", "PARTIAL")
			.containsEntry("error", "1 record(s) rejected: record 2: nested deeper than 100 levels "
					+ "(trailscope.ingest.limits.max-nesting-depth), at line 2, column 1");
		assertThat(storedOf(run)).isEqualTo(2);
	}

	/**
	 * A file with a record in every month from 1900 to 2013 and in the far future would
	 * have created over a thousand partitions; each of those records is rejected instead,
	 * and the one record within the window loads.
	 */
	@Test
	void aFileOfImplausibleEventTimesCreatesNoPartitionForThem() {
		String run = UUID.randomUUID().toString();
		List<String> records = new ArrayList<>();
		for (LocalDate month = LocalDate.of(1900, 1, 15); month.getYear() < 2014; month = month.plusMonths(1)) {
			records.add(record(run + "-" + month, month + "T00:00:00Z"));
		}
		records.add(record(run + "-soon", Instant.now().plus(Duration.ofHours(3)).toString()));
		records.add(record(run + "-2999", "2999-01-01T00:00:00Z"));
		records.add(record(run + "-plausible", TIME));
		byte[] file = ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
		this.jdbc.sql("select ensure_event_partitions(cast(:t as timestamptz), cast(:t as timestamptz))")
			.param("t", TIME)
			.query()
			.listOfRows();
		long partitions = partitions();

		IngestResult result = this.ingest.ingest(ref("months-" + run + ".json", file.length),
				() -> new ByteArrayInputStream(file));

		assertThat(result.status()).isEqualTo(IngestResult.Status.PARTIAL);
		assertThat(result.loaded()).isEqualTo(1);
		assertThat(result.rejected()).isEqualTo(records.size() - 1);
		assertThat(partitions()).isEqualTo(partitions);
		assertThat(ledger("months-" + run + ".json")).extractingByKey("error")
			.asString()
			.startsWith(
					(records.size() - 1) + " record(s) rejected: record 1: eventTime '1900-01-15T00:00:00Z' is before "
							+ "2014-01-01 (trailscope.ingest.limits.earliest-event-time)");
		assertThat(this.jdbc.sql("select count(*) from events where event_id like :run")
			.param("run", run + "-%")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	/** Each gzip bomb in a zip fails on its own; the files beside them load. */
	@Test
	void aZipOfGzipBombsLoadsItsGoodFilesAndFailsEachBomb() throws IOException {
		String run = UUID.randomUUID().toString();
		Map<String, byte[]> entries = entries();
		entries.put("good-1.json.gz", gzip(trail(TIME, run + "-a", run + "-b")));
		entries.put("bomb-1.json.gz", gzipBomb(record(run + "-c", TIME)));
		entries.put("good-2.json.gz", gzip(trail(TIME, run + "-e")));
		entries.put("bomb-2.json.gz", gzipBomb());
		Path archive = Files.write(this.dir.resolve("bombs-" + run + ".zip"), zip(entries));
		assertThat(Files.size(archive)).isLessThan(4 << 20);

		ImportSummary summary = this.imports.importPaths(List.of(archive), LocalImport.ImportListener.NONE);

		String name = archive.toAbsolutePath().normalize() + "!/";
		String tooLarge = "the object is larger than 64 MiB once decompressed (trailscope.ingest.limits.max-object-size)";
		assertThat(summary.files()).isEqualTo(4);
		assertThat(summary.failed()).isEqualTo(2);
		assertThat(storedOf(run)).isEqualTo(4);
		assertThat(ledger(name + "bomb-1.json.gz")).containsEntry("status", "PARTIAL")
			.extractingByKey("error")
			.asString()
			.startsWith(tooLarge);
		assertThat(ledger(name + "bomb-2.json.gz")).containsEntry("status", "FAILED")
			.extractingByKey("error")
			.asString()
			.startsWith(tooLarge);
		assertThat(ledger(name + "good-2.json.gz")).containsEntry("status", "LOADED");
	}

	private Map<String, Object> ledger(String key) {
		return this.jdbc.sql("select status, error from ingest_objects where object_key = :key")
			.param("key", key)
			.query()
			.singleRow();
	}

	private long partitions() {
		return this.jdbc.sql("select count(*) from pg_inherits where inhparent = 'events'::regclass")
			.query(Long.class)
			.single();
	}

	private long storedOf(String run) {
		return this.jdbc.sql("select count(*) from events where event_id like :run")
			.param("run", run + "-%")
			.query(Long.class)
			.single();
	}

	private static ObjectRef ref(String name, long size) {
		return new ObjectRef("test", "", name, "etag-" + name, size, Instant.now(), ObjectKind.ofLocalName(name));
	}

}
