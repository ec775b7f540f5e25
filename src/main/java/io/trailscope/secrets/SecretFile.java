package io.trailscope.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A generated secret kept in a file readable only by its owner, so that a later start
 * finds it again and other local users cannot read it.
 */
public final class SecretFile {

	private static final SecureRandom random = new SecureRandom();

	private SecretFile() {
	}

	/** The secret an earlier start kept in {@code file}; empty when there is none. */
	public static Optional<String> read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
		return kept.isEmpty() ? Optional.empty() : Optional.of(kept);
	}

	/**
	 * 144 random bits, URL-safe so it can stand in a configuration file or a command
	 * line.
	 */
	public static String generate() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Writes the secret (and a newline) so that no reader ever sees the file half written
	 * or readable by others: a temporary file made owner-only before it holds anything,
	 * then moved.
	 */
	public static void write(Path file, String secret) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
		}
		Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
		Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
