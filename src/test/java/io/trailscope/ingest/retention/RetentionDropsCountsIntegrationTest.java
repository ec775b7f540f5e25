package io.trailscope.ingest.retention;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.events.EventCountsWorker;
import io.trailscope.events.RollupRecount;
import io.trailscope.events.TestTrail;
import io.trailscope.ingest.IngestService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention drops the rollups of the months it drops, in its transaction, and leaves the
 * others exact; and it does not deadlock with a count of the rollups. Here (Retention
 * being package-private) rather than in EventCountsIntegrationTest.
 *
 * <p>
 * A drop takes every partition that ends by the cutoff, whoever's events are in it, so
 * the months used here (May 1976, February and March 1977) are before any other test's,
 * and the cutoff is passed in at their ends: nothing but this test's partitions can go.
 */
@TrailscopeIntegrationTest
class RetentionDropsCountsIntegrationTest {

	static final Instant FEBRUARY = Instant.parse("1977-02-01T00:00:00Z");

	static final Instant MARCH = Instant.parse("1977-03-01T00:00:00Z");

	static final Instant APRIL = Instant.parse("1977-04-01T00:00:00Z");

	static final Instant JUNE_1976 = Instant.parse("1976-06-01T00:00:00Z");

	@Autowired
	Retention retention;

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	EventCountsWorker worker;

	@Test
	void dropsTheCountsOfMonthsThatRetentionDrops() {
		TestTrail trail = new TestTrail();
		Instant recent = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
		trail.add("DescribeInstances", Instant.parse("1977-02-14T10:00:00Z"));
		// the last instant of the month and the first of the next: one is dropped, the
		// other kept
		trail.add("CreateUser", Instant.parse("1977-02-28T23:59:59.999999Z")).set("readOnly", false);
		trail.add("CreateUser", MARCH).set("readOnly", false);
		trail.add("DescribeInstances", recent.plus(Duration.ofMinutes(5)));
		trail.add("AssumeRole", recent.plus(Duration.ofMinutes(65))).failed("AccessDenied", "no");
		trail.load(this.ingest);
		RollupRecount.assertExact(this.jdbc, trail.account);
		assertThat(rollupsBetween(FEBRUARY, MARCH)).isPositive();

		Retention.Run run = applyWithCutoff(MARCH);

		assertThat(run.dropped()).contains("events_1977m02").doesNotContain("events_1977m03");
		assertThat(rollupsBetween(FEBRUARY, MARCH)).isZero();
		assertThat(rollupsBetween(MARCH, APRIL)).isPositive();
		RollupRecount.assertExact(this.jdbc, trail.account);

		// and the March partition, which only this test has, goes too: nothing of it is
		// left behind
		run = applyWithCutoff(APRIL);

		assertThat(run.dropped()).contains("events_1977m03");
		assertThat(rollupsBetween(MARCH, APRIL)).isZero();
		RollupRecount.assertExact(this.jdbc, trail.account);
	}

	@Test
	void dropsAMonthWhileACountWaitsForTheRollups() throws Exception {
		TestTrail trail = new TestTrail();
		trail.add("DescribeInstances", Instant.parse("1976-05-10T10:00:00Z"));
		trail.load(this.ingest);
		trail.add("DescribeInstances", Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)));
		trail.load(this.ingest);
		List<Long> recent = this.jdbc
			.sql("select distinct object_id from events where recipient_account_id = :account and event_time >= :june")
			.param("account", trail.account)
			.param("june", Timestamp.from(JUNE_1976))
			.query(Long.class)
			.list();
		assertThat(recent).hasSize(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (Connection gate = this.dataSource.getConnection()) {
			// the gate holds the rollups' lock while a count and then retention come to
			// it, so that
			// the count gets it with retention's drop under way: the order in which the
			// two
			// deadlocked while the count took that lock before it read the events
			// (EventCounts.lock)
			gate.setAutoCommit(false);
			try (Statement statement = gate.createStatement()) {
				statement.execute("select pg_advisory_xact_lock(hashtext('event_counts'))");
			}
			Future<?> count = threads.submit(() -> this.worker.count(recent));
			awaitWaiting(1);
			Future<Retention.Run> run = threads.submit(() -> applyWithCutoff(JUNE_1976));
			awaitWaiting(2);
			gate.commit();

			count.get(30, TimeUnit.SECONDS);
			assertThat(run.get(30, TimeUnit.SECONDS).dropped()).contains("events_1976m05");
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(rollupsBetween(Instant.parse("1976-05-01T00:00:00Z"), JUNE_1976)).isZero();
		RollupRecount.assertExact(this.jdbc, trail.account);
	}

	/** Waits until this many other sessions wait for a lock. */
	private void awaitWaiting(int sessions) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()")
				.query(Long.class)
				.single() >= sessions);
	}

	/** Applies retention now with the max-age that puts its cutoff at {@code cutoff}. */
	private Retention.Run applyWithCutoff(Instant cutoff) {
		Instant now = Instant.now();
		Retention.Run run = this.retention.apply(Duration.between(cutoff, now), now);
		assertThat(run.cutoff()).isEqualTo(cutoff);
		return run;
	}

	/**
	 * Every rollup row, whoever's, of [from, to): retention drops whole months of every
	 * account.
	 */
	private long rollupsBetween(Instant from, Instant to) {
		return this.jdbc.sql("select count(*) from event_counts where bucket >= :from and bucket < :to")
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(Long.class)
			.single();
	}

}
