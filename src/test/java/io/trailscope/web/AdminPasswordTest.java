package io.trailscope.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class AdminPasswordTest {

	static final String BCRYPT = "$2a$10$GoPdMn9oCg5AKlHKf.6gXOJQKe/9XmhgI6R.WJHo.fjg4JqTZxnsG";

	@TempDir
	Path directory;

	@Test
	void usesTheConfiguredPassword() {
		Path file = this.directory.resolve("admin-password");
		assertThat(AdminPassword.resolve(settings("chosen", file))).isEqualTo("chosen");
		assertThat(file).doesNotExist();
	}

	@Test
	void generatesWritesAndPrintsAPasswordOnce(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("data/admin-password");
		String generated = AdminPassword.resolve(settings(null, file));
		assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
		assertThat(Files.readString(file).strip()).isEqualTo(generated);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(output.getOut() + output.getErr()).contains("WARN").contains(generated);
	}

	@Test
	void reusesThePasswordKeptByAnEarlierStart(CapturedOutput output) {
		Path file = this.directory.resolve("admin-password");
		String first = AdminPassword.resolve(settings(null, file));
		int printed = output.toString().length();
		assertThat(AdminPassword.resolve(settings(null, file))).isEqualTo(first);
		assertThat(output.toString().substring(printed)).doesNotContain(first);
	}

	@Test
	void treatsABlankPasswordAsUnset() {
		Path file = this.directory.resolve("admin-password");
		AdminPassword.resolve(settings("  ", file));
		assertThat(file).exists();
	}

	@Test
	void refusesPlainTextPasswordsForConfiguredUsers() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SecuritySettings.User("alice", "secret", null))
			.withMessageContaining("bcrypt");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecuritySettings.User("alice", BCRYPT, List.of("SUPERUSER")))
			.withMessageContaining("unknown role");
	}

	@Test
	void acceptsBcryptHashesWithOrWithoutPrefix() {
		assertThat(new SecuritySettings.User("alice", "{bcrypt}" + BCRYPT, null).hash()).isEqualTo(BCRYPT);
		assertThat(new SecuritySettings.User("alice", BCRYPT, null).roles()).containsExactly("VIEWER");
	}

	private static SecuritySettings settings(String password, Path file) {
		return new SecuritySettings(null, password, file, null, null, false);
	}

}
