package io.trailscope.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL that runs when no datasource is configured.
 *
 * @param dataDirectory where the cluster lives, kept across restarts; empty for a
 * throw-away directory (the test suite)
 * @param passwordFile where the generated password of its {@code postgres} user is kept
 * (owner-only); by default {@code postgres-password} beside the data directory. A
 * throw-away cluster keeps its password in memory only.
 * @param port the port to listen on, 0 for any free port
 * @param poolSize connections the application keeps open to it; the test suite caches
 * several application contexts on one server, each with its own pool
 */
@ConfigurationProperties("trailscope.embedded")
public record EmbeddedDatabaseProperties(Path dataDirectory, Path passwordFile, @DefaultValue("0") int port,
		@DefaultValue("12") int poolSize) {

	public EmbeddedDatabaseProperties {
		if (passwordFile == null && dataDirectory != null) {
			Path parent = dataDirectory.toAbsolutePath().normalize().getParent();
			passwordFile = (parent != null) ? parent.resolve("postgres-password") : null;
		}
	}
}
