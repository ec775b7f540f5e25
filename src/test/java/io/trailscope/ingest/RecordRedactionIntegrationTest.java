package io.trailscope.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.record.RecordNormalizer;

import static io.trailscope.ingest.CloudTrailFiles.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.fail;

/**
 * Records stored when the redactor knew fewer secrets, redacted again: the record, its
 * search terms and the columns read from it, a batch at a time, continuing where a pass
 * stopped.
 */
@TrailscopeIntegrationTest
class RecordRedactionIntegrationTest {

	private static final String TIME = "2024-07-01T10:00:00Z";

	@Autowired
	RecordRedaction redaction;

	@Autowired
	EventWriter writer;

	@Autowired
	ObjectMapper mapper;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void redactsStoredRecordsAgainWithTheirSearchTermsAndColumns() {
		String run = UUID.randomUUID().toString();
		long objectA = objectId();
		long objectB = objectId();
		long objectC = objectId();
		ObjectNode a = parse(record(run + "-a", TIME));
		a.putObject("requestParameters").put("masterUserPassword", "Hunter2Hunter2");
		a.put("errorMessage", "The security token " + CloudTrailFiles.EXAMPLE_SESSION_TOKEN + " has expired");
		ObjectNode c = parse(record(run + "-c", TIME));
		c.putObject("requestParameters")
			.putArray("environment")
			.addObject()
			.put("name", "DB_PASSWORD")
			.put("value", "Sw0rdf1sh");
		storeUnredacted(objectA, a);
		storeUnredacted(objectB, parse(record(run + "-b", TIME)));
		storeUnredacted(objectC, c);
		assertThat(terms(run + "-a")).as("stored before the rules knew them").contains("hunter2hunter2");
		String cleanBefore = recordOf(run + "-b");
		Set<Long> objectsChanged = new TreeSet<>();

		RecordRedaction.Result result = this.redaction.run(true,
				(scanned, redacted, objects) -> objectsChanged.addAll(objects));

		assertThat(result.madeBefore()).isFalse();
		assertThat(result.redacted()).isGreaterThanOrEqualTo(2);
		assertThat(recordOf(run + "-a")).doesNotContain("Hunter2Hunter2",
				CloudTrailFiles.EXAMPLE_SESSION_TOKEN.substring(0, 40));
		assertThat(terms(run + "-a")).noneMatch(term -> term.contains("hunter2") || term.contains("aqodyxdz"));
		assertThat(this.jdbc.sql("select error_message from events where event_id = :id")
			.param("id", run + "-a")
			.query(String.class)
			.single()).isEqualTo("The security token REDACTED has expired");
		assertThat(recordOf(run + "-c")).doesNotContain("Sw0rdf1sh").contains("DB_PASSWORD");
		assertThat(terms(run + "-c")).doesNotContain("sw0rdf1sh").contains("db_password");
		assertThat(recordOf(run + "-b")).isEqualTo(cleanBefore);
		assertThat(objectsChanged).as("only A's error message is a column").containsExactly(objectA);
	}

	@Test
	void aPassThatStoppedContinuesAfterItsLastBatchAndIsNotMadeTwice() {
		String run = UUID.randomUUID().toString();
		storeUnredacted(objectId(), parse(record(run + "-1", TIME)), parse(record(run + "-2", TIME)),
				parse(record(run + "-3", TIME)));
		long total = this.jdbc.sql("select count(*) from events").query(Long.class).single();
		int batch = (int) Math.max(1, total / 3);

		assertThatIllegalStateException()
			.isThrownBy(() -> this.redaction.run(true, batch, (scanned, redacted, objects) -> {
				throw new IllegalStateException("the process stopped after its first batch");
			}));
		List<Long> progress = new ArrayList<>();
		RecordRedaction.Result resumed = this.redaction.run(false, batch,
				(scanned, redacted, objects) -> progress.add(scanned));
		RecordRedaction.Result again = this.redaction.run(false, batch,
				(scanned, redacted, objects) -> fail("read again"));
		RecordRedaction.Result anew = this.redaction.run(true, batch, (scanned, redacted, objects) -> {
		});

		assertThat(progress).as("continued after the first batch").startsWith(2L * batch);
		assertThat(resumed.scanned()).as("each record read once").isEqualTo(total);
		assertThat(resumed.madeBefore()).isFalse();
		assertThat(again.madeBefore()).isTrue();
		assertThat(again.pass()).isEqualTo(resumed.pass());
		assertThat(anew.pass()).isGreaterThan(resumed.pass());
		assertThat(anew.scanned()).isEqualTo(total);
	}

	/**
	 * Stores records as a version that knew fewer secrets did: derived without redaction.
	 */
	private void storeUnredacted(long objectId, ObjectNode... records) {
		this.jdbc.sql("select ensure_event_partitions(cast(:t as timestamptz), cast(:t as timestamptz))")
			.param("t", TIME)
			.query()
			.listOfRows();
		RecordNormalizer normalizer = new RecordNormalizer(this.mapper);
		new TransactionTemplate(this.transactionManager).executeWithoutResult(status -> {
			EventWriter.Batch batch = this.writer.openBatch(objectId, false);
			for (ObjectNode record : records) {
				batch.add(normalizer.derive(record, record.path("eventID").asString(),
						Instant.parse(record.path("eventTime").asString()),
						record.path("recipientAccountId").asString()));
			}
			batch.close();
		});
	}

	private String recordOf(String id) {
		return this.jdbc.sql("select record::text from events where event_id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

	private List<String> terms(String id) {
		return this.jdbc.sql("select search_terms from events where event_id = :id")
			.param("id", id)
			.query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
			.single();
	}

	private ObjectNode parse(String json) {
		return (ObjectNode) this.mapper.readTree(json);
	}

	/** An object id no ledger row has: these rows were not loaded by this version. */
	private static long objectId() {
		return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
	}

}
