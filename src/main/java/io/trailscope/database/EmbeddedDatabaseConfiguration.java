package io.trailscope.database;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.trailscope.secrets.SecretFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: an embedded PostgreSQL when {@code spring.datasource.url} is not
 * set. One server runs per data directory and JVM, so several application contexts (the
 * test suite caches a few) share it instead of each starting their own.
 * <p>
 * The server asks every connection, over TCP and the Unix socket alike, for the password
 * of its {@code postgres} superuser: initdb's own default trusts every local connection,
 * which would let any other user or container on the machine read and change the audit
 * data. The password is generated on the first start and kept owner-only beside the data
 * directory; {@code pg_hba.conf} is written before every start, so a hand-edited one
 * cannot quietly open the server again.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	static final String SUPERUSER = "postgres";

	private static final String PASSWORD_ONLY = """
			# Written by Trailscope before every start: every connection needs the password.
			local all all scram-sha-256
			host  all all 127.0.0.1/32 scram-sha-256
			host  all all ::1/128 scram-sha-256
			""";

	private static final String LOOPBACK_TRUST_FOR_UPGRADE = """
			# Written by Trailscope for one start only, to give the postgres user a password.
			host  all postgres 127.0.0.1/32 trust
			host  all postgres ::1/128 trust
			""";

	private static final Map<String, Server> servers = new ConcurrentHashMap<>();

	@Bean
	EmbeddedDatabase embeddedDatabase(EmbeddedDatabaseProperties properties) {
		return new EmbeddedDatabase(server(properties).postgres().getJdbcUrl(SUPERUSER, SUPERUSER));
	}

	@Bean
	DataSource dataSource(EmbeddedDatabase database, EmbeddedDatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.jdbcUrl());
		config.setUsername(SUPERUSER);
		config.setPassword(server(properties).password());
		config.setMaximumPoolSize(properties.poolSize());
		config.setPoolName("embedded");
		return new HikariDataSource(config);
	}

	static Server server(EmbeddedDatabaseProperties properties) {
		Path dir = properties.dataDirectory() == null ? null : properties.dataDirectory().toAbsolutePath().normalize();
		return servers.computeIfAbsent(String.valueOf(dir), d -> start(dir, properties));
	}

	static Server start(Path dir, EmbeddedDatabaseProperties properties) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			Password password = (dir == null) ? Password.throwAway() : Password.kept(dir, properties.passwordFile());
			if (dir != null) {
				Files.createDirectories(dir);
				log.info("Starting embedded PostgreSQL with data in {}", dir);
				builder.setDataDirectory(dir).setCleanDataDirectory(false);
			}
			if (password.initdbFile() != null) {
				// initdb's --pwfile: the superuser has its password before the server
				// first listens
				builder.setLocaleConfig("pwfile", password.initdbFile().toString());
			}
			builder.setConnectConfig("password", password.value())
				.setDataDirectoryCustomizer(
						data -> writeHba(data, password.upgrade() ? LOOPBACK_TRUST_FOR_UPGRADE : PASSWORD_ONLY))
				.setServerConfig("max_connections", "200")
				.setServerConfig("shared_buffers", "256MB")
				.setServerConfig("maintenance_work_mem", "256MB")
				.setServerConfig("work_mem", "32MB")
				.setServerConfig("gin_pending_list_limit", "16MB")
				.setServerConfig("max_wal_size", "4GB")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("timezone", "UTC");
			if (properties.port() > 0) {
				builder.setPort(properties.port());
			}
			EmbeddedPostgres server;
			try {
				server = builder.start();
			}
			finally {
				if (dir == null && password.initdbFile() != null) {
					Files.deleteIfExists(password.initdbFile());
				}
			}
			if (password.upgrade()) {
				upgrade(server, dir, properties.passwordFile(), password.value());
			}
			return new Server(server, password.value());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, ex);
		}
	}

	/**
	 * A data directory made before the server asked for passwords: its {@code postgres}
	 * user has none. It was started trusting loopback connections of that user only; set
	 * the password, keep it, and from now on ask for it.
	 */
	private static void upgrade(EmbeddedPostgres server, Path dir, Path passwordFile, String password)
			throws IOException {
		try (Connection connection = server.getPostgresDatabase().getConnection();
				PreparedStatement quote = connection.prepareStatement("select quote_literal(?)")) {
			quote.setString(1, password);
			String literal;
			try (var result = quote.executeQuery()) {
				result.next();
				literal = result.getString(1);
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("alter role " + SUPERUSER + " password " + literal);
				SecretFile.write(passwordFile, password);
				writeHba(dir.toFile(), PASSWORD_ONLY);
				statement.execute("select pg_reload_conf()");
			}
		}
		catch (SQLException ex) {
			throw new IOException("Could not give the embedded PostgreSQL's postgres user a password", ex);
		}
		log.info("The embedded PostgreSQL now asks for the password kept in {}", passwordFile);
	}

	private static void writeHba(File dataDirectory, String content) {
		try {
			Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, ex);
		}
	}

	/** A running server and the password of its superuser. */
	record Server(EmbeddedPostgres postgres, String password) implements Closeable {

		@Override
		public void close() throws IOException {
			this.postgres.close();
		}

		@Override
		public String toString() {
			return "Server[" + this.postgres + "]";
		}
	}

	/**
	 * The superuser's password and how it reaches the server: through initdb for a new
	 * cluster, by an upgrade after the start for a cluster that has none yet.
	 */
	private record Password(String value, Path initdbFile, boolean upgrade) {

		/** A cluster that lives as long as this JVM: its password is never kept. */
		static Password throwAway() throws IOException {
			String value = SecretFile.generate();
			Path file = Files.createTempFile("trailscope-pg", ".pw");
			SecretFile.write(file, value);
			return new Password(value, file, false);
		}

		static Password kept(Path dir, Path passwordFile) throws IOException {
			if (passwordFile == null) {
				throw new IllegalStateException("trailscope.embedded.password-file is required");
			}
			Optional<String> kept = SecretFile.read(passwordFile);
			boolean clusterExists = Files.exists(dir.resolve("postgresql.conf"));
			if (clusterExists) {
				return kept.map(value -> new Password(value, null, false))
					.orElseGet(() -> new Password(SecretFile.generate(), null, true));
			}
			String value = kept.orElseGet(SecretFile::generate);
			if (kept.isEmpty()) {
				SecretFile.write(passwordFile, value);
			}
			return new Password(value, passwordFile, false);
		}
	}

}
