package io.trailscope.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.trailscope.database.EmbeddedDatabaseConfiguration.Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Another local user (or a container sharing the network) tries the embedded PostgreSQL
 * the way initdb's defaults would let them: as {@code postgres} without a password.
 */
class EmbeddedDatabasePasswordTest {

	@TempDir
	Path directory;

	@Test
	void refusesConnectionsWithoutThePasswordKeptForItsOwner() throws Exception {
		Path data = this.directory.resolve("data/postgres");
		try (Server server = start(data)) {
			String url = server.postgres().getJdbcUrl("postgres", "postgres");
			assertRefused(url, null);
			assertRefused(url, "postgres");
			Path file = this.directory.resolve("data/postgres-password");
			assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(Files.readString(file).strip()).isEqualTo(server.password());
			assertConnects(url, server.password());
			assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
		}
		try (Server again = start(data)) {
			assertThat(again.password()).as("the kept password, on the next start")
				.isEqualTo(Files.readString(this.directory.resolve("data/postgres-password")).strip());
			assertRefused(again.postgres().getJdbcUrl("postgres", "postgres"), null);
		}
	}

	@Test
	void givesAClusterMadeWithoutAPasswordOne() throws Exception {
		Path data = this.directory.resolve("old/postgres");
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.start()) {
			assertConnects(old.getJdbcUrl("postgres", "postgres"), null);
		}
		try (Server server = start(data)) {
			assertRefused(server.postgres().getJdbcUrl("postgres", "postgres"), null);
			assertConnects(server.postgres().getJdbcUrl("postgres", "postgres"), server.password());
			assertThat(Files.readString(this.directory.resolve("old/postgres-password")).strip())
				.isEqualTo(server.password());
		}
	}

	@Test
	void givesAThrowAwayClusterAPasswordKeptNowhere() throws Exception {
		try (Server server = EmbeddedDatabaseConfiguration.start(null,
				new EmbeddedDatabaseProperties(null, null, 0, 2))) {
			assertRefused(server.postgres().getJdbcUrl("postgres", "postgres"), null);
			assertConnects(server.postgres().getJdbcUrl("postgres", "postgres"), server.password());
		}
	}

	private static Server start(Path data) {
		return EmbeddedDatabaseConfiguration.start(data, new EmbeddedDatabaseProperties(data, null, 0, 2));
	}

	private static void assertRefused(String url, String password) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(url, password).close())
			.withMessageContaining("password");
	}

	private static void assertConnects(String url, String password) throws SQLException {
		try (Connection connection = connect(url, password)) {
			assertThat(connection.isValid(5)).isTrue();
		}
	}

	private static Connection connect(String url, String password) throws SQLException {
		Properties properties = new Properties();
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection(url, properties);
	}

}
