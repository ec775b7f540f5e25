package io.trailscope.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reads a user starts are bounded in time, in the server, also where a stream's later
 * batches are concerned, and so is a reader that stops reading; a stream that keeps
 * moving is not cut. Queries stand in for costly searches with {@code pg_sleep}: the
 * timeout does not care what the time is spent on.
 */
@TrailscopeIntegrationTest
class SearchJdbcIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	SearchJdbc oneSecond;

	@BeforeEach
	void boundedToOneSecond() {
		this.oneSecond = new SearchJdbc(this.dataSource,
				new SearchProperties(Duration.ofSeconds(1), Duration.ZERO, 150_000, 20_000, Duration.ofSeconds(1)),
				this.transactions);
	}

	@Test
	void cancelsAPageQueryThatRunsPastTheTimeout() {
		long started = System.nanoTime();
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.oneSecond.client().sql("select pg_sleep(5)").query().listOfRows())
			.satisfies(ex -> assertThat(SearchJdbc.timedOut(ex)).isTrue());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void cancelsALaterBatchOfAStreamThatRunsPastTheTimeout() {
		// the first batch comes back at once; the costly rows are further down the
		// cursor, where the
		// driver's own timeout no longer watches
		AtomicLong read = new AtomicLong();
		long started = System.nanoTime();
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.oneSecond.stream(() -> this.oneSecond.client()
				.sql("select g, case when g > 3000 then pg_sleep(5) end from generate_series(1, 5000) g")
				.withFetchSize(1000)
				.query(rs -> {
					read.incrementAndGet();
				})))
			.satisfies(ex -> assertThat(SearchJdbc.timedOut(ex)).isTrue());
		assertThat(read.get()).isBetween(1000L, 3000L);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void streamsLongerThanTheTimeoutWhileEachBatchIsQuick() {
		// five batches of about 0.4 s each: two seconds in all, twice the timeout
		AtomicLong read = new AtomicLong();
		this.oneSecond.stream(() -> this.oneSecond.client()
			.sql("select g, case when g % 100 = 0 then pg_sleep(0.1) end from generate_series(1, 2000) g")
			.withFetchSize(400)
			.query(rs -> {
				read.incrementAndGet();
			}));
		assertThat(read.get()).isEqualTo(2000);
	}

	@Test
	void endsAStreamWhoseReaderStopsReading() {
		AtomicLong read = new AtomicLong();
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.oneSecond.stream(() -> this.oneSecond.client()
				.sql("select g from generate_series(1, 5000) g")
				.withFetchSize(1000)
				.query(rs -> {
					if (read.incrementAndGet() == 1) {
						// a client that stopped reading: the response's writes block for
						// longer than allowed
						sleep(Duration.ofMillis(2500));
					}
				})));
		assertThat(read.get()).isLessThan(5000);
		// the pool carries on with healthy connections
		assertThat(this.oneSecond.client().sql("select 1").query(Integer.class).single()).isEqualTo(1);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
