package io.trailscope.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import io.trailscope.secrets.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the built-in {@code admin}: the configured one, else the one generated
 * on an earlier start (kept in a file readable only by its owner), else a new random one
 * that is written to that file and printed once, so a fresh install can be signed into
 * without editing configuration first.
 */
final class AdminPassword {

	private static final Logger logger = LoggerFactory.getLogger(AdminPassword.class);

	private AdminPassword() {
	}

	static String resolve(SecuritySettings settings) {
		if (settings.adminPassword() != null) {
			return settings.adminPassword();
		}
		Path file = settings.adminPasswordFile();
		try {
			Optional<String> kept = SecretFile.read(file);
			if (kept.isPresent()) {
				logger.info("Using the admin password kept in {}", file.toAbsolutePath());
				return kept.get();
			}
			String generated = SecretFile.generate();
			SecretFile.write(file, generated);
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

}
