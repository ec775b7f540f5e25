package io.trailscope.ingest.queue;

import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.trailscope.ingest.AwsIntegrationTest;
import io.trailscope.ingest.AwsServers;
import io.trailscope.ingest.CloudTrailFiles;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.s3.S3ObjectLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Notifications on the queue, files in the bucket, rows in the event store. */
class QueueIngestIntegrationTest extends AwsIntegrationTest {

	static final String BUCKET = "queue-trail";

	static final String KEY_PLACEHOLDER = "AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/12/signed.json.gz";

	@Autowired
	MeterRegistry meters;

	@Autowired
	HealthIndicator queueHealthIndicator;

	@Autowired
	S3ObjectLoader objects;

	private String upload(String key, byte[] content) {
		return this.aws.put(BUCKET, key, content);
	}

	@Test
	void loadsTheFilesOfAnS3EventNotification() {
		String id = unique();
		String first = logKey("us-east-1", "2025/01/02", "20250102T0000Z_" + id + "a");
		String second = logKey("us-east-1", "2025/01/02", "20250102T0005Z_" + id + "b");
		upload(first, trailFile(id + "a", 3, "2025-01-02T00:00:01Z"));
		upload(second, trailFile(id + "b", 2, "2025-01-02T00:05:01Z"));

		this.aws.send(NotificationParserTest.s3Event(first, second).replace("my-trail", BUCKET));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(events(id + "a")).isEqualTo(3);
			assertThat(events(id + "b")).isEqualTo(2);
		});
		assertThat(ledgerStatus(BUCKET, first)).isEqualTo("LOADED");
		assertThat(this.jdbc
			.sql("select event_name || ' ' || principal || ' ' || source_ip from events where event_id = :id")
			.param("id", id + "a-0")
			.query(String.class)
			.single()).isEqualTo("DescribeInstances alice 203.0.113.9/32");
	}

	@Test
	void decodesTheFormEncodedKeysOfS3Events() {
		String id = unique();
		String key = "team logs/AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/2025/01/02/" + id + "+x=y.json.gz";
		upload(key, trailFile(id, 2, "2025-01-02T00:00:01Z"));
		String encoded = key.replace("+", "%2B").replace(" ", "+").replace("=", "%3D").replace("/", "%2F");

		this.aws.send(NotificationParserTest.s3Event(encoded).replace("my-trail", BUCKET));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(id)).isEqualTo(2));
	}

	@Test
	void loadsAnS3EventWrappedInSns() {
		String id = unique();
		String key = logKey("eu-west-1", "2025/01/03", "20250103T0000Z_" + id);
		upload(key, trailFile(id, 4, "2025-01-03T00:00:01Z"));

		this.aws.send(SnsTestSigner.SHARED.envelope(NotificationParserTest.s3Event(key).replace("my-trail", BUCKET)));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(id)).isEqualTo(4));
	}

	@Test
	void loadsEveryKeyOfCloudTrailsNotificationDirectAndThroughSns() {
		String id = unique();
		List<String> keys = Arrays.asList(logKey("us-east-1", "2025/01/04", "a_" + id),
				logKey("us-east-1", "2025/01/04", "b_" + id), logKey("us-west-2", "2025/01/04", "c_" + id));
		for (int i = 0; i < keys.size(); i++) {
			upload(keys.get(i), trailFile(id + "-" + i, 2, "2025-01-04T00:00:01Z"));
		}
		String direct = "{\"s3Bucket\":\"" + BUCKET + "\",\"s3ObjectKey\":[\"" + keys.get(0) + "\",\"" + keys.get(1)
				+ "\"]}";
		String viaSns = SnsTestSigner.SHARED
			.envelope("{\"s3Bucket\":\"" + BUCKET + "\",\"s3ObjectKey\":[\"" + keys.get(2) + "\"]}");

		this.aws.send(direct);
		this.aws.send(viaSns);

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(id)).isEqualTo(6));
	}

	@Test
	void loadsAnEventBridgeObjectCreatedEvent() {
		String id = unique();
		String key = logKey("us-east-1", "2025/01/05", "20250105T0000Z_" + id);
		String etag = upload(key, trailFile(id, 2, "2025-01-05T00:00:01Z"));

		this.aws.send("""
				{"version":"0","id":"%s","detail-type":"Object Created","source":"aws.s3","account":"%s",
				 "time":"2025-01-05T00:01:00Z","region":"us-east-1","resources":["arn:aws:s3:::%s"],
				 "detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":"%s","size":1,"etag":"%s"}}}
				""".formatted(id, ACCOUNT, BUCKET, BUCKET, key, etag));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(id)).isEqualTo(2));
	}

	@Test
	void storesEachEventOnceWhateverIsDeliveredTwice() {
		String id = unique();
		String key = logKey("us-east-1", "2025/01/06", "20250106T0000Z_" + id);
		upload(key, trailFile(id, 5, "2025-01-06T00:00:01Z"));
		// a second trail delivering the same events in another file
		String overlapping = "AWSLogs/o-abc123/" + ACCOUNT + "/CloudTrail/us-east-1/2025/01/06/" + id + "-org.json.gz";
		upload(overlapping, trailFile(id, 5, "2025-01-06T00:00:01Z"));
		String notification = NotificationParserTest.s3Event(key).replace("my-trail", BUCKET);

		this.aws.send(notification);
		this.aws.send(notification);
		this.aws.send(NotificationParserTest.s3Event(overlapping).replace("my-trail", BUCKET));

		await().atMost(PATIENCE)
			.until(() -> "LOADED".equals(ledgerStatus(BUCKET, overlapping))
					&& "LOADED".equals(ledgerStatus(BUCKET, key)) && queueIsEmpty());
		assertThat(events(id)).isEqualTo(5);
		assertThat(this.aws.blobs.gets(BUCKET, key)).as("an object already loaded is not downloaded again")
			.isEqualTo(1);
		assertThat(this.jdbc.sql("select duplicate_count from ingest_objects where object_key = :k")
			.param("k", overlapping)
			.query(Integer.class)
			.single()).isEqualTo(5);
	}

	@Test
	void loadsAFileWholeAfterItsFirstDownloadBrokeOff() {
		String id = unique();
		String key = logKey("us-east-1", "2025/01/07", "20250107T0000Z_" + id);
		// large enough that the server has sent part of the body before it breaks off
		byte[] file = trailFile(id, 6000, "2025-01-07T00:00:01Z");
		assertThat(file.length).isGreaterThan(128 * 1024);
		upload(key, file);
		this.aws.blobs.breakNextGet(BUCKET, key);

		this.aws.send(NotificationParserTest.s3Event(key).replace("my-trail", BUCKET));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(id)).isEqualTo(6000));
		assertThat(this.aws.blobs.gets(BUCKET, key)).isEqualTo(2);
		assertThat(ledgerStatus(BUCKET, key)).isEqualTo("LOADED");
		assertThat(this.jdbc.sql("select attempts from ingest_objects where object_key = :k")
			.param("k", key)
			.query(Integer.class)
			.single()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void recordsBadFilesAndLoadsTheGoodOnesBesideThem() {
		String id = unique();
		String good = logKey("us-east-1", "2025/01/08", "good_" + id);
		String truncated = logKey("us-east-1", "2025/01/08", "truncated_" + id);
		String notGzip = logKey("us-east-1", "2025/01/08", "plain_" + id);
		String invalid = logKey("us-east-1", "2025/01/08", "invalid_" + id);
		String noId = logKey("us-east-1", "2025/01/08", "noid_" + id);
		upload(good, trailFile(id + "g", 2, "2025-01-08T00:00:01Z"));
		byte[] whole = trailFile(id + "t", 2000, "2025-01-08T00:00:01Z");
		upload(truncated, Arrays.copyOf(whole, whole.length / 2));
		upload(notGzip, "this is not a log file".getBytes());
		upload(invalid, CloudTrailFiles
			.gzip("{\"Records\":[" + record(id + "i-0", "2025-01-08T00:00:01Z") + ",{\"eventID\": nope}]}"));
		upload(noId, CloudTrailFiles.gzip("{\"Records\":[" + record(id + "n-0", "2025-01-08T00:00:01Z")
				+ ",{\"eventTime\":\"2025-01-08T00:00:01Z\",\"eventName\":\"X\"}]}"));

		this.aws
			.send(NotificationParserTest.s3Event(truncated, notGzip, invalid, noId, good).replace("my-trail", BUCKET));

		await().atMost(PATIENCE).until(() -> events(id + "g") == 2 && ledgerStatus(BUCKET, noId) != null);
		assertThat(ledgerStatus(BUCKET, truncated)).isEqualTo("PARTIAL");
		assertThat(ledgerError(BUCKET, truncated)).contains("truncated gzip");
		assertThat(events(id + "t")).isPositive().isLessThan(2000);
		assertThat(ledgerStatus(BUCKET, notGzip)).isEqualTo("FAILED");
		assertThat(ledgerError(BUCKET, notGzip)).contains("after 0 records");
		assertThat(ledgerStatus(BUCKET, invalid)).isEqualTo("PARTIAL");
		assertThat(ledgerError(BUCKET, invalid)).contains("invalid JSON");
		assertThat(events(id + "i")).isEqualTo(1);
		assertThat(ledgerStatus(BUCKET, noId)).isEqualTo("PARTIAL");
		assertThat(ledgerError(BUCKET, noId)).contains("1 record(s) rejected").contains("no eventID");
		assertThat(events(id + "n")).isEqualTo(1);
		await().atMost(PATIENCE).until(this::queueIsEmpty);
	}

	@Test
	void recordsAMissingObjectAndAcknowledgesItsMessage() {
		String key = logKey("us-east-1", "2025/01/09", "gone_" + unique());
		this.aws.bucket(BUCKET);

		this.aws.send(NotificationParserTest.s3Event(key).replace("my-trail", BUCKET));

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(ledgerStatus(BUCKET, key)).isEqualTo("FAILED"));
		assertThat(ledgerError(BUCKET, key)).contains("object not found");
		await().atMost(PATIENCE).until(this::queueIsEmpty);
		assertThat(deadLetters()).isZero();
	}

	@Test
	void retriesAnObjectItMayNotReadUntilTheQueueDeadLettersIt() {
		String id = unique();
		String denied = logKey("us-east-1", "2025/01/10", "denied_" + id);
		String readable = logKey("us-east-1", "2025/01/10", "readable_" + id);
		upload(denied, trailFile(id + "d", 2, "2025-01-10T00:00:01Z"));
		upload(readable, trailFile(id + "r", 2, "2025-01-10T00:00:01Z"));
		this.aws.blobs.deny(BUCKET, denied);
		long deadBefore = deadLetters();

		this.aws.send(NotificationParserTest.s3Event(denied, readable).replace("my-trail", BUCKET));

		await().atMost(PATIENCE).until(() -> events(id + "r") == 2 && "FAILED".equals(ledgerStatus(BUCKET, denied)));
		assertThat(ledgerError(BUCKET, denied)).containsIgnoringCase("403");
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetters()).isGreaterThan(deadBefore));
		assertThat(this.jdbc.sql("select attempts from ingest_objects where object_key = :k")
			.param("k", denied)
			.query(Integer.class)
			.single()).isEqualTo(AwsServers.MAX_RECEIVES);
		assertThat(events(id + "r")).isEqualTo(2);
		assertThat(events(id + "d")).isZero();
	}

	@Test
	void aRetriedObjectLeavesNoStaleFailureBehind() {
		String id = unique();
		String key = logKey("us-east-1", "2025/01/11", "retried_" + id);
		upload(key, trailFile(id, 2, "2025-01-11T00:00:01Z"));
		this.aws.blobs.deny(BUCKET, key);
		IngestResult failed = null;
		try {
			this.objects.load(BUCKET, key);
		}
		catch (RuntimeException expected) {
			failed = new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0, expected.getMessage());
		}
		assertThat(failed).isNotNull();
		assertThat(ledgerStatus(BUCKET, key)).isEqualTo("FAILED");
		this.aws.blobs.allow(BUCKET, key);

		IngestResult retried = this.objects.load(BUCKET, key);

		assertThat(retried.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(ledgerStatus(BUCKET, key)).isEqualTo("LOADED");
		assertThat(events(id)).isEqualTo(2);
	}

	@Test
	void acknowledgesTestValidationAndGarbageMessagesAndCountsThem() {
		double garbageBefore = dropped("unrecognized");
		double testsBefore = dropped("test_event");
		double validationBefore = dropped("validation");

		this.aws.send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + BUCKET + "\"}");
		this.aws.send(SnsTestSigner.SHARED.envelope("CloudTrail validation message."));
		this.aws.send("this is not a notification");
		this.aws.send("{\"Records\":[{\"s3\":{}}]}");

		await().atMost(PATIENCE)
			.until(() -> dropped("unrecognized") >= garbageBefore + 2 && dropped("test_event") >= testsBefore + 1
					&& dropped("validation") >= validationBefore + 1);
		await().atMost(PATIENCE).until(this::queueIsEmpty);
	}

	@Test
	void dropsAnSnsEnvelopeChangedAfterSigningAndLoadsNothingItNames() {
		String id = unique();
		String key = logKey("eu-west-1", "2025/01/12", "20250112T0000Z_" + id);
		upload(key, trailFile(id, 2, "2025-01-12T00:00:01Z"));
		String signed = SnsTestSigner.SHARED
			.envelope(NotificationParserTest.s3Event(KEY_PLACEHOLDER).replace("my-trail", BUCKET));
		double unverifiedBefore = dropped("unverified");

		// the signed message named another key; the one sent names the attacker's choice
		this.aws.send(signed.replace(KEY_PLACEHOLDER, key));

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(dropped("unverified")).isGreaterThanOrEqualTo(unverifiedBefore + 1));
		await().atMost(PATIENCE).until(this::queueIsEmpty);
		assertThat(ledgerStatus(BUCKET, key)).isNull();
		assertThat(this.aws.blobs.heads(BUCKET, key) + this.aws.blobs.gets(BUCKET, key)).isZero();
		assertThat(events(id)).isZero();
	}

	@Test
	void reportsTheQueueInTheHealthEndpoint() {
		var health = this.queueHealthIndicator.health(true);

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsKeys("visible", "inFlight").containsEntry("queue", AwsServers.QUEUE);
	}

	private double dropped(String shape) {
		var counter = this.meters.find("trailscope.ingest.notifications.dropped").tag("shape", shape).counter();
		return counter == null ? 0 : counter.count();
	}

	private boolean queueIsEmpty() {
		return this.aws.drained(this.aws.queueUrl);
	}

	private long deadLetters() {
		return Long.parseLong(this.aws.sqs
			.getQueueAttributes(r -> r.queueUrl(this.aws.deadLetterUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

}
