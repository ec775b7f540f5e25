package io.trailscope.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: an embedded PostgreSQL when {@code spring.datasource.url} is not set.
 * One server runs per data directory and JVM, so several application contexts (the test suite
 * caches a few) share it instead of each starting their own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	private static final Map<String, EmbeddedPostgres> servers = new ConcurrentHashMap<>();

	@Bean
	EmbeddedDatabase embeddedDatabase(EmbeddedDatabaseProperties properties) {
		Path dir = properties.dataDirectory() == null ? null : properties.dataDirectory().toAbsolutePath().normalize();
		EmbeddedPostgres server = servers.computeIfAbsent(String.valueOf(dir), d -> start(dir, properties.port()));
		return new EmbeddedDatabase(server.getJdbcUrl("postgres", "postgres"));
	}

	@Bean
	DataSource dataSource(EmbeddedDatabase database, EmbeddedDatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.jdbcUrl());
		config.setUsername("postgres");
		config.setMaximumPoolSize(properties.poolSize());
		config.setPoolName("embedded");
		return new HikariDataSource(config);
	}

	private static EmbeddedPostgres start(Path dir, int port) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			if (dir != null) {
				Files.createDirectories(dir);
				log.info("Starting embedded PostgreSQL with data in {}", dir);
				builder.setDataDirectory(dir).setCleanDataDirectory(false);
			}
			builder
				.setServerConfig("max_connections", "200")
				.setServerConfig("shared_buffers", "256MB")
				.setServerConfig("maintenance_work_mem", "256MB")
				.setServerConfig("work_mem", "32MB")
				.setServerConfig("gin_pending_list_limit", "16MB")
				.setServerConfig("max_wal_size", "4GB")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("timezone", "UTC");
			if (port > 0) {
				builder.setPort(port);
			}
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, ex);
		}
	}
}
