package io.trailscope.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import io.trailscope.TrailscopeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A reader holding {@code events} (as a long export does) while a load needs a new month:
 * the creation waits for a bounded time, tries again, and neither it nor the readers
 * behind it wait for the reader to end.
 */
@TrailscopeIntegrationTest
class EventPartitionsLockIntegrationTest {

	/** The production bounds, shortened so that the tests take a second or two. */
	static final EventPartitions.LockWait QUICK = new EventPartitions.LockWait(Duration.ofMillis(300), 3,
			Duration.ofMillis(100));

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	private EventPartitions partitions(EventPartitions.LockWait wait) {
		return new EventPartitions(this.jdbc, this.transactionManager, wait);
	}

	@Test
	void givesUpWithinItsBoundWhileAReaderHoldsTheEventsAndCreatesTheMonthOnceItIsDone() throws Exception {
		Instant month = unusedMonth();
		try (Connection reader = reader()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(CannotAcquireLockException.class)
				.isThrownBy(() -> partitions(QUICK).create(List.of(month)))
				.withMessageContaining("in 3 attempts");
			Duration waited = Duration.ofNanos(System.nanoTime() - start);

			// three waits of 300 ms and pauses of 100 and 200 ms
			assertThat(waited).isBetween(Duration.ofMillis(1100), Duration.ofSeconds(5));
			assertThat(exists(month)).isFalse();
			reader.commit();
		}

		partitions(QUICK).create(List.of(month));

		assertThat(exists(month)).isTrue();
	}

	@Test
	void triesAgainUntilTheReaderIsDone() throws Exception {
		Instant month = unusedMonth();
		CompletableFuture<Void> creating;
		try (Connection reader = reader()) {
			creating = CompletableFuture.runAsync(() -> partitions(QUICK).create(List.of(month)));
			// past the first attempt, before the last
			Thread.sleep(500);
			assertThat(creating).isNotDone();
			reader.commit();
		}

		creating.get(5, TimeUnit.SECONDS);

		assertThat(exists(month)).isTrue();
	}

	@Test
	void readersThatComeWhileItWaitsAreHeldUpNoLongerThanItsBound() throws Exception {
		Instant month = unusedMonth();
		try (Connection reader = reader(); Connection later = this.dataSource.getConnection()) {
			CompletableFuture<Void> creating = CompletableFuture
				.runAsync(() -> partitions(new EventPartitions.LockWait(Duration.ofMillis(500), 1, Duration.ZERO))
					.create(List.of(month)));
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(this::aLockIsAwaited);

			long start = System.nanoTime();
			try (Statement read = later.createStatement()) {
				read.execute("select count(*) from events where event_time >= now() - interval '1 minute'");
			}
			Duration heldUp = Duration.ofNanos(System.nanoTime() - start);

			// queued behind the waiting creation until it gave up, while the first reader
			// still reads
			assertThat(heldUp).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
			assertThat(reader.isValid(1)).isTrue();
			assertThat(creating).failsWithin(Duration.ofSeconds(2));
			reader.commit();
		}
	}

	/**
	 * A transaction that has read {@code events} and not ended: it holds the table's
	 * ACCESS SHARE lock.
	 */
	private Connection reader() throws SQLException {
		Connection reader = this.dataSource.getConnection();
		reader.setAutoCommit(false);
		try (Statement read = reader.createStatement()) {
			read.execute("lock table events in access share mode");
		}
		return reader;
	}

	private boolean aLockIsAwaited() {
		return this.jdbc
			.sql("select exists (select 1 from pg_locks where not granted and relation = 'events'::regclass)")
			.query(Boolean.class)
			.single();
	}

	/** A month no other test uses, so that it is new here. */
	private static Instant unusedMonth() {
		return LocalDate
			.of(1990 + ThreadLocalRandom.current().nextInt(500), 1 + ThreadLocalRandom.current().nextInt(12), 1)
			.atStartOfDay(ZoneOffset.UTC)
			.toInstant();
	}

	private boolean exists(Instant month) {
		return this.jdbc.sql(
				"select to_regclass(to_char(cast(:m as timestamptz) at time zone 'UTC', '\"events_\"YYYY\"m\"MM')) is not null")
			.param("m", Timestamp.from(month))
			.query(Boolean.class)
			.single();
	}

}
