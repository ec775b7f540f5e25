package io.trailscope.ingest.record;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.ingest.record.RecordNormalizer.RejectedRecordException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every record of the public CloudTrail corpus (documentation examples, fixtures and
 * anonymised captures) normalizes, and its core columns say what the record says.
 */
class CorpusNormalizationTest {

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private static List<Path> files = List.of();

	private final RecordNormalizer normalizer = new RecordNormalizer(mapper);

	@BeforeAll
	static void findCorpus() throws IOException {
		String location = System.getProperty("trailscope.corpus", "../shared/corpus");
		Path dir = Path.of(location);
		if (Files.isDirectory(dir)) {
			try (Stream<Path> list = Files.list(dir)) {
				files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
			}
		}
	}

	private List<ObjectNode> records() throws IOException {
		assumeThat(files).as("the CloudTrail corpus (system property trailscope.corpus) is not here; skipped")
			.isNotEmpty();
		List<ObjectNode> records = new ArrayList<>();
		for (Path file : files) {
			for (String line : Files.readAllLines(file)) {
				if (!line.isBlank()) {
					records.add((ObjectNode) mapper.readTree(line));
				}
			}
		}
		return records;
	}

	@Test
	void normalizesEveryRecordWithItsCoreColumns() throws IOException {
		List<ObjectNode> records = records();
		List<String> mismatches = new ArrayList<>();
		int normalized = 0;
		for (ObjectNode original : records) {
			ObjectNode record = original.deepCopy();
			String id = text(original.get("eventID"));
			boolean storable = id != null && !id.isBlank() && text(original.get("eventTime")) != null
					&& RecordNormalizer.parseTime(text(original.get("eventTime"))) != null;
			NormalizedEvent e;
			try {
				e = this.normalizer.normalize(record);
			}
			catch (RejectedRecordException ex) {
				if (storable) {
					mismatches.add(id + ": rejected (" + ex.getMessage() + ")");
				}
				continue;
			}
			normalized++;
			if (!storable) {
				mismatches.add(id + ": accepted without an eventID or readable eventTime");
				continue;
			}
			JsonNode identity = original.path("userIdentity");
			check(mismatches, id, "eventName", e.eventName(), text(original.get("eventName")));
			check(mismatches, id, "eventSource", e.eventSource(), text(original.get("eventSource")));
			check(mismatches, id, "awsRegion", e.awsRegion(), text(original.get("awsRegion")));
			check(mismatches, id, "recipientAccountId", e.recipientAccountId(),
					text(original.get("recipientAccountId")) == null ? ""
							: text(original.get("recipientAccountId")).strip());
			check(mismatches, id, "identity type", e.identityType(), text(identity.get("type")));
			check(mismatches, id, "arn", e.principalArn(), blankToNull(text(identity.get("arn"))));
			check(mismatches, id, "access key", e.accessKeyId(), blankToNull(text(identity.get("accessKeyId"))));
			check(mismatches, id, "account", e.identityAccountId(), text(identity.get("accountId")));
			check(mismatches, id, "errorCode", e.errorCode(), text(original.get("errorCode")));
			check(mismatches, id, "readOnly", e.readOnly(), readOnly(original.get("readOnly")));
			check(mismatches, id, "source IP", e.sourceIp(), address(text(original.get("sourceIPAddress"))));
			check(mismatches, id, "eventTime", e.eventTime(),
					RecordNormalizer.parseTime(text(original.get("eventTime"))));
			boolean named = Stream.of("userName", "arn", "principalId", "invokedBy", "accountId")
				.anyMatch(field -> blankToNull(text(identity.get(field))) != null);
			if (e.principal() == null && named) {
				mismatches.add(id + ": no display principal for " + identity);
			}
			JsonNode stored = mapper.readTree(e.recordJson());
			if (stored.toString().contains("\"sessionToken\":\"") && !stored.findValues("sessionToken")
				.stream()
				.allMatch(v -> v.asString().equals(Redactor.REDACTED) || v.asString().isEmpty())) {
				mismatches.add(id + ": a session token is stored");
			}
		}
		assertThat(mismatches).isEmpty();
		assertThat(normalized).isGreaterThan(records.size() * 9 / 10);
	}

	@Test
	void readsCredentialsGivenAsTextAndRedactsTheirToken() throws IOException {
		List<ObjectNode> withText = records().stream()
			.filter(r -> r.path("responseElements").path("credentials").isString())
			.toList();
		assumeThat(withText).as("no record with credentials as text in this corpus").isNotEmpty();
		for (ObjectNode record : withText) {
			NormalizedEvent e = this.normalizer.normalize(record.deepCopy());
			String credentials = mapper.readTree(e.recordJson())
				.path("responseElements")
				.path("credentials")
				.asString();
			assertThat(credentials).as(e.eventId()).doesNotContainPattern("(?i)sessionToken=(?!REDACTED)");
			assertThat(e.searchTerms()).as(e.eventId())
				.noneMatch(t -> t.startsWith("sessiontoken=") && !t.contains("redacted"));
		}
	}

	@Test
	void readsBasicIsoCreationDates() throws IOException {
		List<ObjectNode> basic = records().stream()
			.filter(r -> r.path("userIdentity")
				.path("sessionContext")
				.path("attributes")
				.path("creationDate")
				.asString("")
				.matches("\\d{8}T\\d{6}Z"))
			.toList();
		assumeThat(basic).as("no basic ISO creationDate in this corpus").isNotEmpty();
		for (ObjectNode record : basic) {
			NormalizedEvent e = this.normalizer.normalize(record.deepCopy());
			String raw = record.path("userIdentity")
				.path("sessionContext")
				.path("attributes")
				.path("creationDate")
				.asString();
			assertThat(e.sessionCreated()).as(raw).isNotNull();
			assertThat(e.sessionCreated().toString().replace("-", "").replace(":", ""))
				.startsWith(raw.substring(0, 15));
		}
	}

	@Test
	void acceptsAnEmptySessionIssuerAndHiddenUserNames() throws IOException {
		List<ObjectNode> quirks = records().stream()
			.filter(r -> isEmptyObject(r.path("userIdentity").path("sessionContext").path("sessionIssuer"))
					|| "HIDDEN_DUE_TO_SECURITY_REASONS".equals(r.path("userIdentity").path("userName").asString(null)))
			.toList();
		assumeThat(quirks).as("no empty sessionIssuer or hidden user name in this corpus").isNotEmpty();
		for (ObjectNode record : quirks) {
			NormalizedEvent e = this.normalizer.normalize(record.deepCopy());
			if (isEmptyObject(record.path("userIdentity").path("sessionContext").path("sessionIssuer"))) {
				assertThat(e.sessionIssuerArn()).isNull();
				assertThat(e.sessionIssuerType()).isNull();
			}
			assertThat(e.identityType()).isEqualTo(text(record.path("userIdentity").get("type")));
		}
	}

	/** The quirks, whether or not this corpus has them. */
	@Test
	void readsTheKnownQuirksOfRealRecords() {
		ObjectNode record = (ObjectNode) mapper.readTree(
				"""
						{"eventVersion":"1.02","eventTime":"2013-11-02T01:06:30Z","eventID":"q-1","recipientAccountId":"111122223333",
						 "eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1",
						 "sourceIPAddress":"2001:db8:0:0:0:0:0:1","readOnly":"true",
						 "userIdentity":{"type":"AssumedRole","userName":"HIDDEN_DUE_TO_SECURITY_REASONS",
						   "principalId":"AROAEXAMPLE:alice","arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice",
						   "sessionContext":{"sessionIssuer":{},"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":"false"}}},
						 "responseElements":{"credentials":"{accessKeyId=ASIAEXAMPLE, sessionToken=FQoDYXdzEXAMPLETOKEN, expiration=Nov 2, 2013 2:06:30 AM}"}}
						""");

		NormalizedEvent e = this.normalizer.normalize(record);

		assertThat(e.sessionCreated()).isEqualTo(java.time.Instant.parse("2013-11-02T01:06:28Z"));
		assertThat(e.sessionIssuerArn()).isNull();
		assertThat(e.userName()).isEqualTo("HIDDEN_DUE_TO_SECURITY_REASONS");
		assertThat(e.principal()).isEqualTo("Admin/alice");
		assertThat(e.readOnly()).isTrue();
		assertThat(e.mfaAuthenticated()).isFalse();
		assertThat(e.sourceIp()).isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThat(e.recordJson()).doesNotContain("FQoDYXdzEXAMPLETOKEN").contains("sessionToken=REDACTED");
		assertThat(e.searchTerms()).noneMatch(t -> t.contains("fqodyxdzexampletoken"));
	}

	private static boolean isEmptyObject(JsonNode node) {
		return node.isObject() && node.isEmpty();
	}

	private static void check(List<String> mismatches, String id, String column, Object actual, Object expected) {
		if (!java.util.Objects.equals(actual, expected)) {
			mismatches.add(id + ": " + column + " is " + actual + ", the record says " + expected);
		}
	}

	private static String text(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
			return null;
		}
		return node.asString();
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	private static Boolean readOnly(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		String value = node.asString();
		return "true".equalsIgnoreCase(value) ? Boolean.TRUE : "false".equalsIgnoreCase(value) ? Boolean.FALSE : null;
	}

	/** The address as PostgreSQL's inet would print it, without any name lookup. */
	private static String address(String value) {
		if (value == null || !InetAddresses.isInetAddress(value.strip())) {
			return null;
		}
		InetAddress address = InetAddresses.forString(value.strip());
		return InetAddresses.toAddrString(address);
	}

}
