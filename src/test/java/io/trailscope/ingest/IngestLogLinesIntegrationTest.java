package io.trailscope.ingest;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.TrailscopeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Keys and records that carry line breaks, as someone who can write to the bucket or the
 * queue could make them: every log line and ledger error they reach stays one line.
 */
@TrailscopeIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class IngestLogLinesIntegrationTest {

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	/** What an attacker would like the log to show on a line of its own. */
	private static String forgedLine(String id) {
		return "2025-01-02T00:00:00.000Z  INFO 1 --- [main] trailscope.audit : sign-in user=admin forged-" + id;
	}

	@Test
	void aKeyWithLineBreaksCannotForgeALogLineNorStretchTheLedger(CapturedOutput output) {
		String id = UUID.randomUUID().toString();
		String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/02/" + id + "\r\n" + forgedLine(id) + "\n"
				+ "y".repeat(3000) + ".json.gz";
		ObjectRef ref = ObjectRef.s3("trail", key, "etag-" + id, 100, Instant.now());

		assertThatIllegalStateException().isThrownBy(() -> this.ingest.ingest(ref, () -> {
			throw new IllegalStateException("S3 refused " + key);
		}));

		assertOneLineEach(output, id);
		String error = ledgerError(key);
		assertThat(error).doesNotContain("\r", "\n")
			.contains(id + "\\r\\n2025-01-02T00:00:00.000Z  INFO")
			.hasSizeLessThanOrEqualTo(OneLine.MAX)
			.endsWith(" chars)");
	}

	@Test
	void aRecordWithLineBreaksCannotForgeALogLineNorTheLedgersError(CapturedOutput output) {
		String id = UUID.randomUUID().toString();
		String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/02/" + id + "\r\n" + forgedLine(id) + ".json";
		byte[] file = CloudTrailFiles.trailOf(CloudTrailFiles.record(id + "-1", "soon\\r\\n" + forgedLine(id)),
				CloudTrailFiles.record(id + "-2", "2025-01-02T00:00:00Z"));

		IngestResult result = this.ingest.ingest(ObjectRef.s3("trail", key, "etag-" + id, file.length, Instant.now()),
				() -> new ByteArrayInputStream(file));

		assertThat(result.rejected()).isEqualTo(1);
		assertThat(result.error()).doesNotContain("\r", "\n");
		assertThat(ledgerError(key)).isEqualTo(result.error());
		assertOneLineEach(output, id);
	}

	/**
	 * Every line that names the test's id is a line the application wrote, not one a
	 * value started.
	 */
	private static void assertOneLineEach(CapturedOutput output, String id) {
		List<String> lines = output.getAll().lines().filter(line -> line.contains("forged-" + id)).toList();
		assertThat(lines).isNotEmpty().noneMatch(line -> line.startsWith("2025-01-02T00:00:00.000Z"));
		assertThat(lines).allMatch(line -> line.contains("\\r\\n2025-01-02T00:00:00.000Z"));
	}

	private String ledgerError(String key) {
		return this.jdbc.sql("select error from ingest_objects where object_key = :key")
			.param("key", key)
			.query(String.class)
			.single();
	}

}
