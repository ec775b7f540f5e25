package io.trailscope.ingest.s3;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.trailscope.ingest.AwsIntegrationTest;
import io.trailscope.ingest.CloudTrailFiles;
import io.trailscope.ingest.local.CommandLineIngest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Backfills of a prefix with five days of two regions, an org trail, digests and
 * unrelated objects.
 */
class BackfillIntegrationTest extends AwsIntegrationTest {

	@Autowired
	Backfill backfill;

	@Autowired
	BackfillStore store;

	@Autowired
	CommandLineIngest commandLine;

	String bucket;

	String id;

	final List<String> logs = new ArrayList<>();

	@BeforeEach
	void fillBucket() {
		this.bucket = "backfill-" + unique();
		this.id = unique();
		for (int day = 1; day <= 5; day++) {
			String date = "2025/01/0" + day;
			for (String region : List.of("eu-west-1", "us-east-1")) {
				String key = logKey(region, date, "2025010" + day + "T0000Z_" + region);
				this.aws.put(this.bucket, key,
						trailFile(this.id + "-" + region + day, 2, "2025-01-0" + day + "T00:00:01Z"));
				this.logs.add(key);
				this.aws.put(this.bucket,
						"AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/" + region + "/" + date + "/" + ACCOUNT
								+ "_CloudTrail-Digest_" + region + "_2025010" + day + "T0100Z.json.gz",
						CloudTrailFiles.gzip("{}"));
			}
		}
		String org = "AWSLogs/o-abc123def/" + ACCOUNT + "/CloudTrail/us-west-2/2025/01/03/" + ACCOUNT + "_org.json.gz";
		this.aws.put(this.bucket, org, trailFile(this.id + "-org", 3, "2025-01-03T12:00:00Z"));
		this.logs.add(org);
		this.aws.put(this.bucket, "AWSLogs/" + ACCOUNT + "/elasticloadbalancing/us-east-1/2025/01/03/lb.log.gz",
				CloudTrailFiles.gzip("not cloudtrail"));
		this.aws.put(this.bucket, "AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/2025/01/03/", new byte[0]);
		this.aws.put(this.bucket, "README.txt", "hello".getBytes());
	}

	private String url() {
		return "s3://" + this.bucket + "/AWSLogs/";
	}

	private long stored() {
		return events(this.id);
	}

	@Test
	void loadsOnlyTheDaysOfTheRangeAcrossRegionsAndOrganizationTrails() {
		List<String> files = new ArrayList<>();

		BackfillRun run = this.backfill.runNow(url(), LocalDate.of(2025, 1, 2), LocalDate.of(2025, 1, 4),
				(name, result) -> files.add(name.substring(name.lastIndexOf('/') + 1) + " " + result.status()));

		assertThat(run.status()).isEqualTo(BackfillRun.DONE);
		assertThat(run.loaded()).isEqualTo(7);
		assertThat(run.failed()).isZero();
		assertThat(run.events()).isEqualTo(2 * 3 * 2 + 3);
		assertThat(stored()).isEqualTo(15);
		assertThat(files).hasSize(7).allMatch(f -> f.endsWith(" LOADED"));
		assertThat(events(this.id + "-us-east-11")).isZero();
		assertThat(events(this.id + "-eu-west-15")).isZero();
		assertThat(events(this.id + "-org")).isEqualTo(3);
		assertThat(this.jdbc.sql("select count(*) from ingest_objects where bucket = :b and kind <> 'LOG'")
			.param("b", this.bucket)
			.query(Long.class)
			.single()).as("digests and other objects are neither downloaded nor recorded").isZero();
	}

	@Test
	void skipsEverythingTheLedgerHasOnASecondRunWithoutDownloading() {
		BackfillRun first = this.backfill.runNow(url(), null, null, (name, result) -> {
		});
		int getsAfterFirst = this.logs.stream().mapToInt(key -> this.aws.blobs.gets(this.bucket, key)).sum();

		BackfillRun second = this.backfill.runNow(url(), null, null, (name, result) -> {
		});

		assertThat(first.status()).isEqualTo(BackfillRun.DONE);
		assertThat(first.loaded()).isEqualTo(11);
		assertThat(first.events()).isEqualTo(23);
		assertThat(first.skipped()).as("digests, the folder key and the unrelated object").isEqualTo(10 + 2);
		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.status()).isEqualTo(BackfillRun.DONE);
		assertThat(second.loaded()).isZero();
		assertThat(second.events()).isZero();
		assertThat(second.skipped()).isEqualTo(second.listed()).isEqualTo(first.listed());
		assertThat(this.logs.stream().mapToInt(key -> this.aws.blobs.gets(this.bucket, key)).sum())
			.isEqualTo(getsAfterFirst)
			.isEqualTo(11);
		assertThat(stored()).isEqualTo(23);
	}

	@Test
	void continuesAnInterruptedRunAfterItsPosition() {
		List<String> sorted = this.logs.stream().sorted().toList();
		String position = sorted.get(4);
		BackfillRun interrupted = this.store.create(this.bucket, "AWSLogs/", null, null);
		BackfillStore.Counts counts = new BackfillStore.Counts();
		counts.listed = 5;
		this.store.progress(interrupted.id(), counts, position);
		this.store.finish(interrupted.id(), BackfillRun.INTERRUPTED, "the process stopped");

		BackfillRun resumed = this.backfill.runNow(url(), null, null, (name, result) -> {
		});

		assertThat(resumed.id()).isEqualTo(interrupted.id());
		assertThat(resumed.status()).isEqualTo(BackfillRun.DONE);
		assertThat(resumed.error()).isNull();
		assertThat(resumed.loaded()).isEqualTo(sorted.size() - 5);
		for (String key : sorted.subList(0, 5)) {
			assertThat(ledgerStatus(this.bucket, key)).as(key).isNull();
		}
		for (String key : sorted.subList(5, sorted.size())) {
			assertThat(ledgerStatus(this.bucket, key)).as(key).isEqualTo("LOADED");
		}
	}

	@Test
	void continuesAFailedRunByItsId() {
		List<String> sorted = this.logs.stream().sorted().toList();
		BackfillRun failed = this.store.create(this.bucket, "AWSLogs/", null, null);
		this.store.progress(failed.id(), new BackfillStore.Counts(), sorted.get(sorted.size() - 2));
		this.store.finish(failed.id(), BackfillRun.FAILED, "S3 was unreachable");

		BackfillRun resumed = this.backfill.resume(failed.id());

		assertThat(resumed.status()).isEqualTo(BackfillRun.RUNNING);
		await().atMost(PATIENCE)
			.until(() -> BackfillRun.DONE.equals(this.backfill.find(failed.id()).orElseThrow().status()));
		assertThat(this.backfill.find(failed.id()).orElseThrow().loaded()).isEqualTo(1);
		assertThatIllegalStateException().isThrownBy(() -> this.backfill.resume(failed.id()))
			.withMessageContaining("done");
	}

	@Test
	void runsInTheBackgroundAndIsListed() {
		BackfillRun started = this.backfill.start(url(), LocalDate.of(2025, 1, 5), null);

		assertThat(started.status()).isEqualTo(BackfillRun.RUNNING);
		await().atMost(PATIENCE)
			.until(() -> this.backfill.find(started.id()).orElseThrow().status().equals(BackfillRun.DONE));
		BackfillRun done = this.backfill.find(started.id()).orElseThrow();
		assertThat(done.loaded()).isEqualTo(2);
		assertThat(done.position()).contains("2025/01/05");
		assertThat(this.backfill.recent(50)).extracting(BackfillRun::id).contains(started.id());
		assertThat(this.backfill.recent(50).get(0).startedAt())
			.isAfterOrEqualTo(this.backfill.recent(50).get(1).startedAt());
	}

	@Test
	void countsBrokenFilesAsFailedAndGoesOn() {
		String broken = logKey("us-east-1", "2025/01/03", "broken");
		this.aws.put(this.bucket, broken, "not gzip, not json".getBytes());

		int exit = this.commandLine.run("backfill",
				new String[] { url(), "--from=2025-01-03", "--to=2025-01-03", "--spring.datasource.url=ignored-here" });

		assertThat(exit).isEqualTo(1);
		assertThat(ledgerStatus(this.bucket, broken)).isEqualTo("FAILED");
		BackfillRun run = this.backfill.recent(1).get(0);
		assertThat(run.failed()).isEqualTo(1);
		assertThat(run.loaded()).isEqualTo(3);
		assertThat(run.status()).isEqualTo(BackfillRun.DONE);
	}

	@Test
	void theCommandLineSucceedsWhenEverythingLoaded() {
		assertThat(this.commandLine.run("backfill", new String[] { url(), "--from=2025-01-01", "--to=2025-01-01" }))
			.isZero();
		assertThat(events(this.id + "-us-east-11")).isEqualTo(2);
		assertThat(this.commandLine.run("backfill", new String[] { "not-a-url" })).isEqualTo(2);
		assertThat(this.commandLine.run("backfill", new String[] { url(), "--from=2025-02-01", "--to=2025-01-01" }))
			.isEqualTo(2);
	}

	@Test
	void rejectsBadUrlsAndRanges() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.backfill.start("http://x/y", null, null))
			.withMessageContaining("s3://bucket/prefix");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.backfill.start(url(), LocalDate.of(2025, 2, 1), LocalDate.of(2025, 1, 1)))
			.withMessageContaining("before it starts");
	}

}
