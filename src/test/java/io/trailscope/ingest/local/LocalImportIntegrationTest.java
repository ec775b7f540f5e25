package io.trailscope.ingest.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestResult;

import static io.trailscope.ingest.CloudTrailFiles.entries;
import static io.trailscope.ingest.CloudTrailFiles.gzip;
import static io.trailscope.ingest.CloudTrailFiles.recordWithoutAccount;
import static io.trailscope.ingest.CloudTrailFiles.trail;
import static io.trailscope.ingest.CloudTrailFiles.trailOf;
import static io.trailscope.ingest.CloudTrailFiles.zip;
import static io.trailscope.ingest.CloudTrailFiles.zipOfEmptyFiles;
import static org.assertj.core.api.Assertions.assertThat;

/** Imports run several loaders at once (the default concurrency is 2). */
@TrailscopeIntegrationTest
class LocalImportIntegrationTest {

	@Autowired
	LocalImport imports;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@Test
	void importsEveryFileOfADirectoryAndItsZipsSideBySideAndReportsEachOnce() throws IOException {
		String run = UUID.randomUUID().toString();
		List<String> ids = new ArrayList<>();
		Path logs = Files.createDirectories(this.dir.resolve("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01"));
		for (int f = 0; f < 12; f++) {
			String[] fileIds = ids(run + "-gz" + f, 3);
			ids.addAll(Arrays.asList(fileIds));
			Files.write(logs.resolve("f" + f + ".json.gz"), gzip(trail("2024-05-01T10:00:00Z", fileIds)));
		}
		String[] plain = ids(run + "-plain", 2);
		ids.addAll(Arrays.asList(plain));
		Files.writeString(logs.resolve("plain.json"), trail("2024-05-01T11:00:00Z", plain));
		Map<String, byte[]> entries = entries();
		for (int e = 0; e < 5; e++) {
			String[] entryIds = ids(run + "-zip" + e, 2);
			ids.addAll(Arrays.asList(entryIds));
			entries.put("AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/02/e" + e + ".json.gz",
					gzip(trail("2024-05-02T10:00:00Z", entryIds)));
		}
		entries.put("AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2024/05/02/d.json.gz", gzip("{}"));
		Files.write(this.dir.resolve("responder-logs.zip"), zip(entries));
		// a truncated file keeps the records before the fault and fails; the others are
		// unaffected
		byte[] whole = gzip(trail("2024-05-03T10:00:00Z", ids(run + "-broken", 50)));
		Files.write(logs.resolve("broken.json.gz"), Arrays.copyOf(whole, whole.length / 2));

		List<String> reported = Collections.synchronizedList(new ArrayList<>());
		ImportSummary summary = this.imports.importPaths(List.of(this.dir, this.dir.resolve("missing")),
				(name, result) -> reported.add(name.substring(name.lastIndexOf('/') + 1) + " " + result.status()));

		// a missing path is a failure, not a file
		assertThat(summary.files()).isEqualTo(12 + 1 + 1 + 5 + 1);
		assertThat(summary.skipped()).isEqualTo(1);
		assertThat(summary.failed()).isEqualTo(2);
		assertThat(summary.failures()).anyMatch(f -> f.contains("broken.json.gz")).anyMatch(f -> f.contains("missing"));
		assertThat(reported).hasSize(21)
			.doesNotHaveDuplicates()
			.contains("f0.json.gz LOADED", "e4.json.gz LOADED", "d.json.gz SKIPPED", "plain.json LOADED")
			.anyMatch(line -> line.startsWith("broken.json.gz "));
		long stored = this.jdbc.sql("select count(*) from events where event_id = any(:ids)")
			.param("ids", ids.toArray(String[]::new))
			.query(Long.class)
			.single();
		assertThat(stored).isEqualTo(ids.size());
		assertThat(summary.loaded()).isBetween((long) ids.size(), ids.size() + 50L);

		ImportSummary again = this.imports.importPaths(List.of(this.dir), LocalImport.ImportListener.NONE);
		assertThat(again.loaded()).isZero();
		assertThat(again.skipped()).isEqualTo(12 + 1 + 5 + 1);
	}

	@Test
	void leavesTheAccountEmptyForImportedRecordsThatHaveNoneWhateverTheFoldersSay() throws IOException {
		String run = UUID.randomUUID().toString();
		Path logs = Files.createDirectories(this.dir.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2014/03/06"));
		Files.write(logs.resolve("f.json"), trailOf(recordWithoutAccount(run + "-file")));
		String entry = "AWSLogs/111122223333/CloudTrail/us-east-1/2014/03/06/e.json";
		Files.write(this.dir.resolve("logs.zip"), zip(Map.of(entry, trailOf(recordWithoutAccount(run + "-zip")))));

		ImportSummary summary = this.imports.importPaths(List.of(this.dir), LocalImport.ImportListener.NONE);
		IngestResult uploaded = this.imports.importBytes("upload", entry,
				trailOf(recordWithoutAccount(run + "-upload")));

		assertThat(summary.loaded()).isEqualTo(2);
		assertThat(uploaded.loaded()).isEqualTo(1);
		assertThat(this.jdbc.sql("select recipient_account_id from events where event_id like :run")
			.param("run", run + "-%")
			.query(String.class)
			.list()).containsExactly("", "", "");
	}

	/**
	 * A zip of a million empty files: opening it would hold its directory of 60 MB in
	 * memory, and loading it would write a million ledger rows. It is refused after
	 * reading the directory up to the limit (100,000 entries by default), with its reason
	 * in the ledger, and none of its entries is read.
	 */
	@Test
	void refusesAZipOfAMillionEmptyFilesBeforeReadingAnyAndRecordsWhy() throws IOException {
		Path million = this.dir.resolve("million-" + UUID.randomUUID() + ".zip");
		zipOfEmptyFiles(million, 1_000_000);
		try (ZipFile zip = new ZipFile(million.toFile())) {
			assertThat(zip.size()).as("a zip the platform reads").isEqualTo(1_000_000);
		}
		List<String> reported = Collections.synchronizedList(new ArrayList<>());

		ImportSummary summary = this.imports.importPaths(List.of(million), (name, result) -> reported.add(name));

		String name = million.toAbsolutePath().normalize().toString();
		String reason = "more than 100000 entries (trailscope.ingest.limits.max-zip-entries)";
		assertThat(summary.failed()).isEqualTo(1);
		assertThat(summary.failures()).containsExactly(name + ": " + reason);
		assertThat(reported).containsExactly(name);
		assertThat(this.jdbc.sql("select status || ': ' || error from ingest_objects where object_key = :key")
			.param("key", name)
			.query(String.class)
			.single()).isEqualTo("FAILED: " + reason);
		assertThat(this.jdbc.sql("select count(*) from ingest_objects where object_key like :entries")
			.param("entries", name + "!/%")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.imports.countFiles(List.of(million))).as("what the Ingest page expects").isEqualTo(1);
	}

	private static String[] ids(String prefix, int n) {
		return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toArray(String[]::new);
	}

}
