package io.trailscope.ingest;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.database.Timestamps;

/**
 * Owns the monthly partitions of {@code events}: which months lack one, creating them,
 * and listing them with their bounds. All methods but {@link #create} run in the caller's
 * transaction.
 */
@Repository
public class EventPartitions {

	/** The months of {@code :months} that have no partition. */
	private static final String MONTHS_WITHOUT_PARTITION = """
			select m from unnest(cast(:months as timestamptz[])) m
			where to_regclass('events_' || to_char(m at time zone 'UTC', 'YYYY"m"MM')) is null
			""";

	/**
	 * Creating a partition takes an ACCESS EXCLUSIVE lock on {@code events}, so it waits
	 * for every reader, and while it waits every later reader queues behind it. A long
	 * export or search would hold up ingest and then the whole console; so it waits a few
	 * seconds at a time, pauses in between to let the readers that queued meanwhile
	 * through, and gives up after a few attempts (the load fails and is retried like any
	 * database failure).
	 */
	static final LockWait LOCK_WAIT = new LockWait(Duration.ofSeconds(5), 3, Duration.ofSeconds(1));

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final LockWait lockWait;

	@Autowired
	EventPartitions(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this(jdbc, transactionManager, LOCK_WAIT);
	}

	EventPartitions(JdbcClient jdbc, PlatformTransactionManager transactionManager, LockWait lockWait) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.lockWait = lockWait;
	}

	/**
	 * Creates the partitions of these months that do not exist yet, in a transaction of
	 * its own that commits at once: the lock on {@code events} is held no longer than the
	 * DDL takes. Call it outside any transaction that has touched {@code events}, which
	 * would hold up its own DDL.
	 *
	 * <p>
	 * Only months without one go through ensure_event_partitions: its advisory lock is
	 * held until commit, and taken for every load it would serialise all concurrent
	 * loaders. Each attempt waits for its locks at most {@link LockWait#timeout()}
	 * ({@link #LOCK_WAIT}).
	 * @throws CannotAcquireLockException when no attempt got the locks in time
	 */
	void create(Collection<Instant> months) {
		String[] monthStarts = monthStarts(months);
		Duration pause = this.lockWait.backoff();
		for (int attempt = 1;; attempt++) {
			try {
				this.ownTransaction.executeWithoutResult(status -> {
					this.jdbc.sql("select set_config('lock_timeout', :timeout, true)")
						.param("timeout", this.lockWait.timeout().toMillis() + "ms")
						.query()
						.listOfRows();
					this.jdbc
						.sql("select ensure_event_partitions(m, m) from (" + MONTHS_WITHOUT_PARTITION + ") missing")
						.param("months", monthStarts)
						.query()
						.listOfRows();
				});
				return;
			}
			catch (DataAccessException ex) {
				if (!lockNotAvailable(ex)) {
					throw ex;
				}
				if (attempt == this.lockWait.attempts()) {
					throw new CannotAcquireLockException(
							"could not create a partition of events: its lock was not granted within "
									+ this.lockWait.timeout().toMillis() + " ms in " + attempt
									+ " attempts (a long export or search?)",
							ex);
				}
			}
			pause(pause);
			pause = pause.multipliedBy(2);
		}
	}

	/**
	 * PostgreSQL's lock_not_available, which Spring does not always translate to a
	 * locking failure.
	 */
	private static boolean lockNotAvailable(DataAccessException ex) {
		return ex instanceof CannotAcquireLockException
				|| ex.getMostSpecificCause() instanceof SQLException sql && "55P03".equals(sql.getSQLState());
	}

	private static void pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CannotAcquireLockException("interrupted while waiting to create a partition of events", ex);
		}
	}

	/**
	 * The months of these (each the first instant of its month) that have no partition.
	 */
	List<Instant> missing(Collection<Instant> months) {
		return this.jdbc.sql(MONTHS_WITHOUT_PARTITION)
			.param("months", monthStarts(months))
			.query((rs, n) -> Timestamps.instant(rs, "m"))
			.list();
	}

	private static String[] monthStarts(Collection<Instant> months) {
		return months.stream().map(Instant::toString).toArray(String[]::new);
	}

	/**
	 * The partitions of {@code events} with their bounds as PostgreSQL states them (not
	 * as their names suggest) and the planner's row estimate (-1 until the partition is
	 * first analysed). A partition without a readable range (a default partition) has
	 * null bounds.
	 */
	public List<Partition> list() {
		return this.jdbc.sql("""
				select c.relname as name, b.bounds[1]::timestamptz as from_time, b.bounds[2]::timestamptz as to_time,
				  c.reltuples::bigint as estimated_rows
				from pg_inherits i
				join pg_class c on c.oid = i.inhrelid
				cross join lateral (select regexp_match(pg_get_expr(c.relpartbound, c.oid),
				  'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') as bounds) b
				where i.inhparent = 'events'::regclass
				order by from_time nulls last, name
				""")
			.query((rs, n) -> new Partition(rs.getString("name"), Timestamps.instant(rs, "from_time"),
					Timestamps.instant(rs, "to_time"), rs.getLong("estimated_rows")))
			.list();
	}

	/**
	 * How long creating partitions waits for its locks.
	 *
	 * @param timeout the longest one attempt waits for a lock ({@code lock_timeout})
	 * @param attempts how many attempts before it gives up
	 * @param backoff the pause after the first attempt; it doubles after each further one
	 */
	record LockWait(Duration timeout, int attempts, Duration backoff) {

		LockWait {
			if (timeout.toMillis() < 1 || attempts < 1 || backoff.isNegative()) {
				throw new IllegalArgumentException("a lock wait needs a timeout, an attempt and no negative pause");
			}
		}
	}

	/**
	 * A partition of {@code events} with the bounds PostgreSQL holds for it.
	 *
	 * @param name the partition's table name
	 * @param from its inclusive lower bound, or null if it has no range (a default
	 * partition)
	 * @param to its exclusive upper bound, or null if it has no range
	 * @param estimatedRows the planner's estimate, -1 before the partition is first
	 * analysed
	 */
	public record Partition(String name, Instant from, Instant to, long estimatedRows) {

		/** The month the partition starts in (UTC), or null. */
		public YearMonth month() {
			return this.from == null ? null : YearMonth.from(this.from.atOffset(ZoneOffset.UTC));
		}
	}

}
