package io.trailscope.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@TrailscopeIntegrationTest
class EventPartitionsIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aLoaderThatWaitedForAnotherToCreateTheSameMonthGoesOn() throws Exception {
		// a month no other test uses, so that it is new here
		Instant month = LocalDate
			.of(1990 + ThreadLocalRandom.current().nextInt(500), 1 + ThreadLocalRandom.current().nextInt(12), 1)
			.atStartOfDay(ZoneOffset.UTC)
			.toInstant();
		try (Connection first = this.dataSource.getConnection(); Connection second = this.dataSource.getConnection()) {
			first.setAutoCommit(false);
			second.setAutoCommit(false);
			ensure(first, month);
			// the second has looked the month up and not found it, as a loader does
			// before it calls
			// the function; it waits for the first's lock and then goes on without an
			// error. (Whether
			// its own lookup still misses the new month depends on timing this test
			// cannot force.)
			lookUp(second, month);
			CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
				try {
					ensureIfMissing(second, month);
					second.commit();
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Thread.sleep(300);
			assertThat(waiting).isNotDone();
			first.commit();
			waiting.get(10, TimeUnit.SECONDS);
		}
		String name = this.jdbc
			.sql("select to_char(cast(:m as timestamptz) at time zone 'UTC', '\"events_\"YYYY\"m\"MM')")
			.param("m", Timestamp.from(month))
			.query(String.class)
			.single();
		assertThat(this.jdbc.sql("select to_regclass(:n) is not null").param("n", name).query(Boolean.class).single())
			.isTrue();
	}

	private static void lookUp(Connection connection, Instant month) throws SQLException {
		try (PreparedStatement s = connection.prepareStatement(
				"select to_regclass('events_' || to_char(cast(? as timestamptz) at time zone 'UTC', 'YYYY\"m\"MM'))")) {
			s.setTimestamp(1, Timestamp.from(month));
			s.execute();
		}
	}

	/**
	 * As the loader asks: only for a month its own lookup does not find, in the same
	 * statement.
	 */
	private static void ensureIfMissing(Connection connection, Instant month) throws SQLException {
		try (PreparedStatement s = connection.prepareStatement(
				"select ensure_event_partitions(m, m)" + " from (select cast(? as timestamptz) as m) months"
						+ " where to_regclass('events_' || to_char(m at time zone 'UTC', 'YYYY\"m\"MM')) is null")) {
			s.setTimestamp(1, Timestamp.from(month));
			s.execute();
		}
	}

	private static void ensure(Connection connection, Instant month) throws SQLException {
		try (PreparedStatement s = connection.prepareStatement("select ensure_event_partitions(?, ?)")) {
			s.setTimestamp(1, Timestamp.from(month));
			s.setTimestamp(2, Timestamp.from(month));
			s.execute();
		}
	}

}
