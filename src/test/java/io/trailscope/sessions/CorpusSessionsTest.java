package io.trailscope.sessions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.local.LocalImport;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real and documented CloudTrail records: every session that can be reconstructed from
 * them is found with all its calls, and loading them in opposite orders gives the same
 * sessions. Each run rewrites event ids, keys and account numbers, so runs never meet in
 * the shared database.
 */
@TrailscopeIntegrationTest
class CorpusSessionsTest {

	private static final AtomicInteger RUNS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000));

	private static final Pattern ACCOUNT = Pattern.compile("(?<!\\d)\\d{12}(?!\\d)");

	@Autowired
	LocalImport imports;

	@Autowired
	SessionStore store;

	@Autowired
	SessionCalls calls;

	@Autowired
	SessionDerivation derivation;

	@Autowired
	JdbcClient jdbc;

	@ParameterizedTest
	@CsvSource({ "criblpacks-cloudtrail-2022-capture.jsonl, 16", "stratus-red-team.jsonl, 5",
			"awsdocs-iam-user-guide.jsonl, 0" })
	void findsEveryReconstructableSessionInAnyLoadOrder(String file, int reconstructable) throws IOException {
		Path corpus = Path.of(System.getProperty("trailscope.corpus", "../shared/corpus"));
		assumeTrue(Files.isRegularFile(corpus.resolve(file)),
				"CloudTrail corpus absent (" + corpus.resolve(file) + "): set -Dtrailscope.corpus to run this test");
		List<String> lines = distinctEvents(Files.readAllLines(corpus.resolve(file)));

		Run forward = new Run(lines);
		forward.load(false);
		Run backward = new Run(lines);
		backward.load(true);

		Map<String, Integer> expected = forward.reconstructable();
		assertThat(expected).hasSize(reconstructable);
		Map<String, Integer> found = new HashMap<>();
		for (Session session : forward.sessions()) {
			if (session.issuedKey() != null && expected.containsKey(session.issuedKey())) {
				found.put(session.issuedKey(), (int) session.callCount());
			}
		}
		assertThat(found).isEqualTo(expected);
		String expectedSnapshot = forward.snapshot();
		String actualSnapshot = backward.snapshot();
		Files.writeString(Path.of("target", file + ".forward.txt"), expectedSnapshot);
		Files.writeString(Path.of("target", file + ".backward.txt"), actualSnapshot);
		assertThat(actualSnapshot).isEqualTo(expectedSnapshot);
	}

	/**
	 * The records, without later ones that repeat an event (documentation keeps several
	 * versions of an example under one eventID): the event store keeps whichever copy
	 * comes first, so only distinct events can give the same sessions in any order.
	 */
	private static List<String> distinctEvents(List<String> lines) {
		Set<String> seen = new HashSet<>();
		List<String> distinct = new ArrayList<>();
		for (String line : lines) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode r = Trails.JSON.readTree(line);
			String key = SessionRules.text(r.get("eventID")) + "|" + SessionRules.text(r.get("recipientAccountId"))
					+ "|" + SessionRules.text(r.get("eventTime"));
			if (seen.add(key)) {
				distinct.add(line);
			}
		}
		return distinct;
	}

	/** One load of a corpus file under its own names. */
	final class Run {

		final String tag = "c" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);

		final Map<String, String> accounts = new HashMap<>();

		final int accountSuffix = RUNS.getAndIncrement() % 1000;

		final List<ObjectNode> records = new ArrayList<>();

		Run(List<String> lines) {
			for (String line : lines) {
				this.records.add(rename((ObjectNode) Trails.JSON.readTree(renameAccounts(line))));
			}
		}

		/**
		 * Loads the records as four files, in order or with files and records reversed.
		 */
		void load(boolean reversed) {
			List<ObjectNode> ordered = new ArrayList<>(this.records);
			if (reversed) {
				Collections.reverse(ordered);
			}
			int size = (ordered.size() + 3) / 4;
			for (int part = 0; part * size < ordered.size(); part++) {
				List<ObjectNode> chunk = ordered.subList(part * size, Math.min(ordered.size(), (part + 1) * size));
				String text = chunk.stream().map(ObjectNode::toString).collect(Collectors.joining("\n")) + "\n";
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				IngestResult result = CorpusSessionsTest.this.imports.importBytes("test",
						this.tag + "-" + part + ".jsonl", bytes);
				assertThat(result.failed()).as(String.valueOf(result.error())).isFalse();
			}
		}

		/**
		 * Issued keys whose calls the records hold, with the number of those calls: same
		 * key and ARN, a creation date within a minute of the issuing event. Worked out
		 * from the raw records, independently of the store.
		 */
		Map<String, Integer> reconstructable() {
			record Issued(String arn, Instant time) {
			}
			Map<String, List<Issued>> issued = new HashMap<>();
			for (ObjectNode r : this.records) {
				JsonNode response = r.path("responseElements");
				String key = SessionRules.text(response.path("credentials").get("accessKeyId"));
				String arn = SessionRules.firstNonBlank(SessionRules.text(response.path("assumedRoleUser").get("arn")),
						SessionRules.text(response.path("federatedUser").get("arn")),
						SessionRules.assumedRoleArn(SessionRules.text(r.path("requestParameters").get("roleArn")),
								SessionRules.text(r.path("requestParameters").get("roleSessionName"))));
				if (key != null && arn != null && r.get("errorCode") == null) {
					issued.computeIfAbsent(key, k -> new ArrayList<>())
						.add(new Issued(arn, Instant.parse(r.get("eventTime").stringValue())));
				}
			}
			Map<String, Set<String>> calls = new HashMap<>();
			for (ObjectNode r : this.records) {
				JsonNode identity = r.path("userIdentity");
				String key = SessionRules.text(identity.get("accessKeyId"));
				String created = SessionRules
					.text(identity.path("sessionContext").path("attributes").get("creationDate"));
				if (key == null || created == null || !issued.containsKey(key)) {
					continue;
				}
				for (Issued issue : issued.get(key)) {
					if (issue.arn().equals(SessionRules.text(identity.get("arn")))
							&& Duration.between(issue.time(), Instant.parse(created)).abs().getSeconds() <= 60) {
						calls.computeIfAbsent(key, k -> new HashSet<>())
							.add(r.get("eventID").stringValue() + "/" + SessionRules.text(r.get("recipientAccountId")));
					}
				}
			}
			return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
		}

		List<Session> sessions() {
			return CorpusSessionsTest.this.jdbc.sql("select id from sessions where issuer_event_id like :prefix")
				.param("prefix", this.tag + "-%")
				.query(String.class)
				.list()
				.stream()
				.map(id -> CorpusSessionsTest.this.store.find(id).orElseThrow())
				.toList();
		}

		/** The sessions and their timelines, with this run's names taken out. */
		String snapshot() {
			SessionRules rules = CorpusSessionsTest.this.derivation.rules();
			String text = sessions().stream()
				.map(s -> Scenario.describe(s, CorpusSessionsTest.this.store, CorpusSessionsTest.this.calls, rules))
				.sorted()
				.collect(Collectors.joining("\n"));
			text = text.replace(this.tag.toUpperCase(), "TAG").replace(this.tag, "TAG");
			for (Map.Entry<String, String> account : this.accounts.entrySet()) {
				text = text.replace(account.getValue(), "ACCOUNT-" + account.getKey());
			}
			return text;
		}

		private String renameAccounts(String line) {
			Matcher matcher = ACCOUNT.matcher(line);
			StringBuilder out = new StringBuilder();
			while (matcher.find()) {
				// keeps the accounts' order (lists of accounts are sorted) and makes them
				// this run's own
				String fresh = this.accounts.computeIfAbsent(matcher.group(),
						a -> String.format("%012d", Long.parseLong(a) / 1000 * 1000 + this.accountSuffix));
				matcher.appendReplacement(out, fresh);
			}
			matcher.appendTail(out);
			return out.toString();
		}

		private ObjectNode rename(ObjectNode record) {
			record.put("eventID", this.tag + "-" + SessionRules.text(record.get("eventID")));
			if (record.hasNonNull("sharedEventID")) {
				record.put("sharedEventID", this.tag + "-" + SessionRules.text(record.get("sharedEventID")));
			}
			renameKey(record.path("userIdentity"));
			renameKey(record.path("responseElements").path("credentials"));
			return record;
		}

		private void renameKey(JsonNode holder) {
			if (holder instanceof ObjectNode object && SessionRules.text(object.get("accessKeyId")) != null) {
				object.put("accessKeyId", SessionRules.text(object.get("accessKeyId")) + this.tag.toUpperCase());
			}
		}

	}

}
