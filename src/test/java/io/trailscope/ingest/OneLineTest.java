package io.trailscope.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineTest {

	@Test
	void leavesPlainTextAlone() {
		String key = "AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/02/x_20250102T0005Z_a1b2.json.gz";

		assertThat(OneLine.of(key)).isSameAs(key);
		assertThat(OneLine.of("C:\\case\\logs.zip")).isEqualTo("C:\\case\\logs.zip");
		assertThat(OneLine.of(null)).isNull();
	}

	@Test
	void writesLineBreaksAndOtherControlsAsEscapes() {
		String forged = "a.json.gz\r\n2025-01-02T00:00:00.000Z  WARN 1 --- [main] i.t.web.AuditLog : sign-in user=admin";

		String line = OneLine.of(forged + "\t\u001b[31m\u2028\u202e\u0000");

		assertThat(line).doesNotContain("\r", "\n", "\t", "\u001b", "\u2028", "\u202e", "\u0000")
			.startsWith("a.json.gz\\r\\n2025-01-02T00:00:00.000Z  WARN")
			.endsWith("\\t\\u001b[31m\\u2028\\u202e\\u0000");
	}

	@Test
	void cutsLongTextAndSaysHowLongItWas() {
		String line = OneLine.of("x".repeat(5000), 2000);

		assertThat(line).hasSize(2000).endsWith("...(5000 chars)").startsWith("xxxx");
	}

	@Test
	void keepsTheCutWithinTheLimitWhenEscapesLengthenTheText() {
		String line = OneLine.of("\u0001".repeat(400), 100);

		assertThat(line).hasSizeLessThanOrEqualTo(100).endsWith("...(400 chars)").doesNotContain("\u0001");
		assertThat(line.substring(0, line.indexOf("..."))).matches("(\\\\u0001)+");
	}

	@Test
	void neverSplitsACharacterOutsideTheBasicPlane() {
		String line = OneLine.of("a" + "\uD83D\uDE00".repeat(100), 50);

		assertThat(line.codePoints().filter(c -> Character.getType(c) == Character.SURROGATE)).isEmpty();
	}

	@Test
	void changesNothingTheSecondTime() {
		String once = OneLine.of("key\r\n" + "y".repeat(3000) + "\u0007");

		assertThat(OneLine.of(once)).isEqualTo(once);
	}

}
