package io.trailscope.database;

/**
 * Present only when the application runs on its embedded PostgreSQL; features that belong
 * to the embedded default (the sample trail) depend on this bean.
 *
 * @param jdbcUrl where the embedded server listens
 */
public record EmbeddedDatabase(String jdbcUrl) {
}
