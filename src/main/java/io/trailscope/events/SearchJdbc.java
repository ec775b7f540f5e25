package io.trailscope.events;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database access of every read a user starts (search pages, aggregations, session
 * pages and every export): each statement runs under
 * {@code trailscope.search.statement-timeout}, after which it is cancelled in the server,
 * so a query whose client has gone does not keep a backend busy past it. Not a
 * {@link JdbcClient} bean: the application's own stays unbounded for ingest and
 * maintenance.
 *
 * <p>
 * A stream ({@link #stream}) reads a cursor in batches inside a read-only transaction.
 * The server's {@code statement_timeout} bounds each batch (each fetch is a statement of
 * its own to it), so no batch can run without end while the download as a whole streams
 * as many rows as it has; {@code idle_in_transaction_session_timeout} ends a stream whose
 * reader stopped reading for longer than {@code trailscope.search.export-idle-timeout},
 * so slow readers cannot hold the pool's connections, or the events table's lock that
 * creating a partition waits for, for long.
 */
@Component
public final class SearchJdbc {

	/**
	 * PostgreSQL's "canceling statement due to statement timeout" and "... user request"
	 * (the driver's cancel).
	 */
	private static final String QUERY_CANCELED = "57014";

	private final JdbcClient client;

	private final TransactionTemplate readOnly;

	private final SearchProperties properties;

	SearchJdbc(DataSource dataSource, SearchProperties properties, PlatformTransactionManager transactions) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout((int) Math.max(1, properties.statementTimeout().toSeconds()));
		this.client = JdbcClient.create(template);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.properties = properties;
	}

	/** The bounded client, for reads of a page. */
	public JdbcClient client() {
		return this.client;
	}

	/**
	 * Runs {@code reads}, which stream cursors through {@link #client()}, in a read-only
	 * transaction (the driver reads a cursor only inside one) with each batch bounded in
	 * time and the reader's pauses bounded too.
	 */
	public void stream(Runnable reads) {
		this.readOnly.executeWithoutResult(status -> {
			this.client
				.sql("select set_config('statement_timeout', :statement, true),"
						+ " set_config('idle_in_transaction_session_timeout', :idle, true)")
				.param("statement", this.properties.statementTimeout().toMillis() + "ms")
				.param("idle", this.properties.exportIdleTimeout().toMillis() + "ms")
				.query()
				.listOfRows();
			reads.run();
		});
	}

	/** Whether a read failed because it ran out of its time. */
	public static boolean timedOut(DataAccessException ex) {
		if (ex instanceof QueryTimeoutException) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
