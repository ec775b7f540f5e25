package io.trailscope.events;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database access of every search read: each statement runs under
 * {@code trailscope.search.statement-timeout}, after which the driver cancels it in the server, so
 * a query whose client has gone does not keep a backend busy past it. The timeout bounds the
 * execution of a statement, not the reading of a cursor's later rows, so an export still streams
 * as many rows as it has. Not a {@link JdbcClient} bean: the application's own stays unbounded for
 * ingest and maintenance.
 */
@Component
class SearchJdbc {

	private final JdbcClient client;

	SearchJdbc(DataSource dataSource, SearchProperties properties) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout((int) Math.max(1, properties.statementTimeout().toSeconds()));
		this.client = JdbcClient.create(template);
	}

	JdbcClient client() {
		return this.client;
	}
}
