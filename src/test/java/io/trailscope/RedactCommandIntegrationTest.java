package io.trailscope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.events.EventCountsWorker;
import io.trailscope.ingest.CloudTrailFiles;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redact} command over records stored before the redactor knew a secret: the
 * records are redacted, and the rollups of a column that changed with them are recounted.
 */
@TrailscopeIntegrationTest
class RedactCommandIntegrationTest {

	@Autowired
	RedactCommand command;

	@Autowired
	IngestService ingest;

	@Autowired
	EventCountsWorker counts;

	@Autowired
	JdbcClient jdbc;

	@Test
	void redactsStoredRecordsAndRecountsTheRollupsOfTheColumnsThatChanged() {
		String id = UUID.randomUUID().toString();
		String leaked = "svc-" + id.substring(0, 8) + " password=hunter2";
		byte[] file = CloudTrailFiles.trailOf(CloudTrailFiles.record(id, "2024-08-01T10:00:00Z"));
		this.ingest.ingest(
				new ObjectRef("test", "", "leak-" + id + ".json", "etag", file.length, Instant.now(), ObjectKind.LOG),
				() -> new ByteArrayInputStream(file));
		// as a version whose redactor did not look into text stored it
		long object = this.jdbc
			.sql("""
					update events set user_name = :leaked, principal = :leaked, search_terms = search_terms || array['hunter2'],
					  record = jsonb_set(record, '{userIdentity,userName}', to_jsonb(cast(:leaked as text)))
					where event_id = :id returning object_id
					""")
			.param("leaked", leaked)
			.param("id", id)
			.query(Long.class)
			.single();
		this.counts.count(List.of(object));
		assertThat(rollupsOf(leaked)).isPositive();

		String first = run("--again");
		String second = run();

		String redacted = leaked.replace("hunter2", "REDACTED");
		assertThat(first).containsPattern("Pass #\\d+ done: \\d+ records read, [1-9]\\d* redacted in ");
		assertThat(second).startsWith("The stored records were redacted with the current rules already")
			.contains("Run with --again");
		assertThat(this.jdbc
			.sql("select principal || ' ' || user_name || ' ' || (record #>> '{userIdentity,userName}') "
					+ "|| ' ' || array_to_string(search_terms, ' ') from events where event_id = :id")
			.param("id", id)
			.query(String.class)
			.single()).contains(redacted).doesNotContain("hunter2");
		assertThat(rollupsOf(leaked)).isZero();
		assertThat(rollupsOf(redacted)).isPositive();
	}

	private long rollupsOf(String principal) {
		return this.jdbc.sql("select count(*) from event_counts where principal = :p")
			.param("p", principal)
			.query(Long.class)
			.single();
	}

	private String run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int code = this.command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(code).isZero();
		return out.toString(StandardCharsets.UTF_8);
	}

}
