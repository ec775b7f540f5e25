package io.trailscope.ingest.local;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CommandLineIngestTest {

	@Test
	void readsBackfillDatesFromTheCommandLine() {
		String[] args = { "s3://b/p", "--from=2025-01-01", "--to=2025-03-31", "--spring.datasource.url=jdbc:x" };

		assertThat(CommandLineIngest.date(args, "--from=")).isEqualTo(LocalDate.of(2025, 1, 1));
		assertThat(CommandLineIngest.date(args, "--to=")).isEqualTo(LocalDate.of(2025, 3, 31));
		assertThat(CommandLineIngest.date(new String[] { "s3://b/p" }, "--from=")).isNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CommandLineIngest.date(new String[] { "--from=01/02/2025" }, "--from="));
	}

}
