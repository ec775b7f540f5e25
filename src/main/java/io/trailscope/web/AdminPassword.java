package io.trailscope.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the built-in {@code admin}: the configured one, else the one generated on an
 * earlier start (kept in a file readable only by its owner), else a new random one that is
 * written to that file and printed once, so a fresh install can be signed into without editing
 * configuration first.
 */
final class AdminPassword {

	private static final Logger logger = LoggerFactory.getLogger(AdminPassword.class);

	private static final SecureRandom random = new SecureRandom();

	private AdminPassword() {
	}

	static String resolve(SecuritySettings settings) {
		if (settings.adminPassword() != null) {
			return settings.adminPassword();
		}
		Path file = settings.adminPasswordFile();
		try {
			if (Files.isRegularFile(file)) {
				String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (!kept.isEmpty()) {
					logger.info("Using the admin password kept in {}", file.toAbsolutePath());
					return kept;
				}
			}
			String generated = generate();
			write(file, generated);
			logger.warn("""

					*****************************************************************
					  Generated a password for the user 'admin': {}
					  It is kept in {} and reused on the next start.
					  Set trailscope.security.admin-password (or the environment
					  variable TRAILSCOPE_SECURITY_ADMIN_PASSWORD) to choose your own.
					*****************************************************************""", generated,
					file.toAbsolutePath());
			return generated;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot keep the admin password in " + file.toAbsolutePath(), ex);
		}
	}

	private static String generate() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void write(Path file, String password) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path temp = Files.createTempFile(parent, "admin-password", ".tmp");
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
		}
		Files.writeString(temp, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
		Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
	}
}
