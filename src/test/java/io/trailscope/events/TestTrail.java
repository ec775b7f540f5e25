package io.trailscope.events;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectRef;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudTrail records for tests, loaded through the real loader. Each trail has its own
 * recipient account (random, 12 digits), so a test scoped to {@link #account} sees only
 * its own events in the database the test JVM shares.
 */
public final class TestTrail {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public final String account;

	public final String tag;

	private final List<Rec> records = new ArrayList<>();

	public TestTrail() {
		this.account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
		this.tag = UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * The start of a day picked at random among {@code years} years from
	 * {@code firstYear}: a class that keeps its trail on a day of its own reads only its
	 * own events there, whatever else the shared database holds. Each class picks its own
	 * years.
	 */
	public static Instant dayOfItsOwn(int firstYear, int years) {
		LocalDate first = LocalDate.of(firstYear, 1, 1);
		long days = ChronoUnit.DAYS.between(first, first.plusYears(years));
		return first.plusDays(ThreadLocalRandom.current().nextLong(days)).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/**
	 * A new record of this trail: a successful read by IAM user alice, from the CLI, in
	 * us-east-1.
	 */
	public Rec add(String eventName, Instant time) {
		Rec rec = new Rec(UUID.randomUUID().toString(), time, this.account).set("eventName", eventName);
		this.records.add(rec);
		return rec;
	}

	/** Loads every record added so far (and not yet loaded) in one file. */
	public void load(IngestService ingest) {
		if (this.records.isEmpty()) {
			return;
		}
		IngestResult result = file(this.records).load(ingest);
		assertThat(result.failed()).as("loaded: %s", result).isFalse();
		assertThat(result.loaded()).isEqualTo(this.records.size());
		this.records.clear();
	}

	/**
	 * These records (of this trail, loaded or not) as one file of its own, not loaded
	 * yet: a test that needs the same record in several files, or a file loaded more than
	 * once, builds them so.
	 */
	public LogFile file(List<Rec> records) {
		StringBuilder file = new StringBuilder("{\"Records\":[");
		for (int i = 0; i < records.size(); i++) {
			file.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(records.get(i).node));
		}
		file.append("]}");
		byte[] bytes = gzip(file.toString());
		String id = UUID.randomUUID().toString();
		ObjectRef ref = ObjectRef.s3("test-bucket",
				"AWSLogs/" + this.account + "/CloudTrail/us-east-1/2025/01/01/" + id + ".json.gz", "etag-" + id,
				bytes.length, Instant.now());
		return new LogFile(ref, bytes);
	}

	/**
	 * A log file of a trail: the object that the loader is told of, and its gzipped
	 * content.
	 */
	public record LogFile(ObjectRef ref, byte[] bytes) {

		/** Loads it through the real loader, as a notification or a backfill would. */
		public IngestResult load(IngestService ingest) {
			return ingest.ingest(this.ref, () -> new ByteArrayInputStream(this.bytes));
		}

		/** The same content under another key, as when a trail delivers a file twice. */
		public LogFile copy() {
			String id = UUID.randomUUID().toString();
			String key = this.ref.key().substring(0, this.ref.key().lastIndexOf('/') + 1) + id + ".json.gz";
			return new LogFile(ObjectRef.s3(this.ref.bucket(), key, "etag-" + id, this.bytes.length, Instant.now()),
					this.bytes);
		}

		/**
		 * The same key with another ETag: the object written again, which the ledger has
		 * not seen.
		 */
		public LogFile newVersion() {
			return new LogFile(ObjectRef.s3(this.ref.bucket(), this.ref.key(), "etag-" + UUID.randomUUID(),
					this.bytes.length, Instant.now()), this.bytes);
		}
	}

	private static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** One record, changed with dotted paths. */
	public static final class Rec {

		public final String id;

		public final Instant time;

		final ObjectNode node;

		Rec(String id, Instant time, String account) {
			this.id = id;
			this.time = time;
			this.node = JSON.createObjectNode();
			this.node.put("eventVersion", "1.08");
			ObjectNode identity = this.node.putObject("userIdentity");
			identity.put("type", "IAMUser");
			identity.put("principalId", "AIDAEXAMPLE");
			identity.put("arn", "arn:aws:iam::" + account + ":user/alice");
			identity.put("accountId", account);
			identity.put("accessKeyId", "AKIAEXAMPLEALICE");
			identity.put("userName", "alice");
			this.node.put("eventTime", time.toString());
			this.node.put("eventSource", "ec2.amazonaws.com");
			this.node.put("eventName", "DescribeInstances");
			this.node.put("awsRegion", "us-east-1");
			this.node.put("sourceIPAddress", "203.0.113.9");
			this.node.put("userAgent", "aws-cli/2.15.0 Python/3.11");
			this.node.putObject("requestParameters");
			this.node.putNull("responseElements");
			this.node.put("requestID", UUID.randomUUID().toString());
			this.node.put("eventID", id);
			this.node.put("readOnly", true);
			this.node.put("eventType", "AwsApiCall");
			this.node.put("managementEvent", true);
			this.node.put("recipientAccountId", account);
			this.node.put("eventCategory", "Management");
		}

		/**
		 * Sets a value at a dotted path (objects created on the way); null removes it.
		 */
		public Rec set(String path, Object value) {
			String[] keys = path.split("\\.");
			ObjectNode parent = this.node;
			for (int i = 0; i < keys.length - 1; i++) {
				JsonNode child = parent.get(keys[i]);
				parent = (child instanceof ObjectNode object) ? object : parent.putObject(keys[i]);
			}
			String key = keys[keys.length - 1];
			if (value == null) {
				parent.remove(key);
			}
			else if (value instanceof Boolean b) {
				parent.put(key, b);
			}
			else if (value instanceof Number n) {
				parent.put(key, n.longValue());
			}
			else if (value instanceof JsonNode json) {
				parent.set(key, json);
			}
			else {
				parent.put(key, value.toString());
			}
			return this;
		}

		/**
		 * The caller becomes an assumed-role session of {@code role} named
		 * {@code session}.
		 */
		public Rec assumedRole(String account, String role, String session, String key) {
			ObjectNode identity = JSON.createObjectNode();
			identity.put("type", "AssumedRole");
			identity.put("principalId", "AROAEXAMPLE:" + session);
			identity.put("arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
			identity.put("accountId", account);
			identity.put("accessKeyId", key);
			ObjectNode context = identity.putObject("sessionContext");
			ObjectNode issuer = context.putObject("sessionIssuer");
			issuer.put("type", "Role");
			issuer.put("principalId", "AROAEXAMPLE");
			issuer.put("arn", "arn:aws:iam::" + account + ":role/" + role);
			issuer.put("accountId", account);
			issuer.put("userName", role);
			ObjectNode attributes = context.putObject("attributes");
			attributes.put("creationDate", this.time.minusSeconds(60).toString());
			attributes.put("mfaAuthenticated", "false");
			this.node.set("userIdentity", identity);
			return this;
		}

		public Rec failed(String code, String message) {
			return set("errorCode", code).set("errorMessage", message);
		}

		public Rec resource(String arn, String type) {
			ObjectNode resource = this.node.withArray("resources").addObject();
			resource.put("ARN", arn);
			resource.put("type", type);
			return this;
		}

		public Rec with(Consumer<ObjectNode> change) {
			change.accept(this.node);
			return this;
		}

	}

}
