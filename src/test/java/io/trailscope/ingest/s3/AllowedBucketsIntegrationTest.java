package io.trailscope.ingest.s3;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.trailscope.ingest.AwsIntegrationTest;
import io.trailscope.ingest.AwsServers;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.queue.NotificationParserTest;
import io.trailscope.ingest.queue.SnsTestSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code trailscope.ingest.allowed-buckets} set, whoever can send to the queue names
 * objects of other buckets, or outside an allowed prefix, in every shape a message can
 * take: each is refused before S3 is asked about it, recorded with its reason, and its
 * message acknowledged.
 */
@TestPropertySource(properties = "trailscope.ingest.queue=" + AllowedBucketsIntegrationTest.QUEUE)
@WithMockUser(username = "admin", roles = "ADMIN")
class AllowedBucketsIntegrationTest extends AwsIntegrationTest {

	static final String QUEUE = "trailscope-test-allowed";

	static final String TRUSTED = "trusted-trail";

	static final String SHARED = "shared-logs";

	static final String OTHER = "other-trail";

	static final String TIME = "2025-01-02T00:00:01Z";

	@DynamicPropertySource
	static void allowedBuckets(DynamicPropertyRegistry registry) {
		// this context's listener has a queue of its own, created before it starts
		AwsServers.get().queue(QUEUE);
		registry.add("trailscope.ingest.allowed-buckets", () -> TRUSTED + ", " + SHARED + "/AWSLogs/" + ACCOUNT + "/");
	}

	@Autowired
	Backfill backfill;

	@Autowired
	S3ObjectLoader objects;

	@Autowired
	MockMvc mvc;

	final String queueUrl = this.aws.queue(QUEUE);

	@Test
	void refusesObjectsElsewhereUnreadWhicheverShapeNamesThemAndAcknowledgesTheirMessages() {
		String id = unique();
		String direct = logKey("us-east-1", "2025/01/02", "direct_" + id);
		String viaSns = logKey("us-east-1", "2025/01/02", "sns_" + id);
		String notice = logKey("us-east-1", "2025/01/02", "notice_" + id);
		String eventBridge = logKey("us-east-1", "2025/01/02", "eventbridge_" + id);
		String outsidePrefix = "AWSLogs/444455556666/CloudTrail/us-east-1/2025/01/02/outside_" + id + ".json.gz";
		for (String key : List.of(direct, viaSns, notice, eventBridge)) {
			this.aws.put(OTHER, key, trailFile(id + "-other", 2, TIME));
		}
		this.aws.put(SHARED, outsidePrefix, trailFile(id + "-outside", 2, TIME));
		String trusted = logKey("us-east-1", "2025/01/02", "trusted_" + id);
		String withinPrefix = logKey("us-east-1", "2025/01/02", "within_" + id);
		this.aws.put(TRUSTED, trusted, trailFile(id + "-trusted", 2, TIME));
		this.aws.put(SHARED, withinPrefix, trailFile(id + "-within", 3, TIME));

		send(NotificationParserTest.s3Event(direct).replace("my-trail", OTHER));
		send(SnsTestSigner.SHARED.envelope(NotificationParserTest.s3Event(viaSns).replace("my-trail", OTHER)));
		send("{\"s3Bucket\":\"" + OTHER + "\",\"s3ObjectKey\":[\"" + notice + "\"]}");
		send(eventBridgeObjectCreated(OTHER, eventBridge));
		send(NotificationParserTest.s3Event(outsidePrefix).replace("my-trail", SHARED));
		send(NotificationParserTest.s3Event(trusted).replace("my-trail", TRUSTED));
		send(NotificationParserTest.s3Event(withinPrefix).replace("my-trail", SHARED));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(events(id + "-trusted")).isEqualTo(2);
			assertThat(events(id + "-within")).isEqualTo(3);
		});
		for (String key : List.of(direct, viaSns, notice, eventBridge)) {
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(ledgerStatus(OTHER, key)).isEqualTo("REFUSED"));
			assertThat(ledgerError(OTHER, key))
				.isEqualTo("not an allowed source: bucket other-trail is not in trailscope.ingest.allowed-buckets");
			assertThat(this.aws.blobs.heads(OTHER, key) + this.aws.blobs.gets(OTHER, key)).as("requests for " + key)
				.isZero();
		}
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(ledgerStatus(SHARED, outsidePrefix)).isEqualTo("REFUSED"));
		assertThat(ledgerError(SHARED, outsidePrefix)).isEqualTo(
				"not an allowed source: the key is outside the prefixes of bucket shared-logs in trailscope.ingest.allowed-buckets");
		assertThat(this.aws.blobs.heads(SHARED, outsidePrefix) + this.aws.blobs.gets(SHARED, outsidePrefix)).isZero();
		assertThat(events(id + "-other") + events(id + "-outside")).isZero();
		await().atMost(PATIENCE).until(() -> this.aws.drained(this.queueUrl));
	}

	@Test
	void refusesABackfillOfAPrefixOutsideTheListAndSaysWhy() throws Exception {
		String refusal = "not an allowed source: s3://other-trail/AWSLogs/ is outside trailscope.ingest.allowed-buckets"
				+ " (s3://trusted-trail, s3://shared-logs/AWSLogs/111122223333/)";
		int runsBefore = this.backfill.recent(1000).size();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.backfill.start("s3://" + OTHER + "/AWSLogs/", null, null))
			.withMessage(refusal);
		// wider than the allowed prefix: it would list other accounts' keys too
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.backfill.runNow("s3://" + SHARED + "/AWSLogs/", null, null, (name, result) -> {
			}))
			.withMessageStartingWith("not an allowed source: s3://shared-logs/AWSLogs/ is outside");
		this.mvc.perform(post("/ingest/backfills").param("s3Url", "s3://" + OTHER + "/AWSLogs/").with(csrf()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("N" + refusal.substring(1) + ".")));
		assertThat(this.backfill.recent(1000)).hasSize(runsBefore);

		String key = logKey("eu-west-1", "2025/01/03", "backfilled_" + unique());
		this.aws.put(SHARED, key, trailFile(unique(), 1, TIME));
		BackfillRun within = this.backfill.runNow("s3://" + SHARED + "/AWSLogs/" + ACCOUNT + "/CloudTrail/eu-west-1/",
				null, null, (name, result) -> {
				});
		assertThat(within.status()).isEqualTo(BackfillRun.DONE);
		assertThat(ledgerStatus(SHARED, key)).isEqualTo("LOADED");
	}

	@Test
	void theIngestPageShowsTheAllowedSourcesAndWhatWasRefused() throws Exception {
		String key = logKey("us-east-1", "2025/01/04", "retried_" + unique());
		this.aws.put(OTHER, key, trailFile(unique(), 1, TIME));

		IngestResult retried = this.objects.load(OTHER, key);

		assertThat(retried.status()).isEqualTo(IngestResult.Status.REFUSED);
		assertThat(this.aws.blobs.heads(OTHER, key)).isZero();
		this.mvc.perform(get("/ingest"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("s3://trusted-trail, </span>")))
			.andExpect(content().string(containsString("s3://shared-logs/AWSLogs/111122223333/</span>")))
			.andExpect(content().string(containsString("<td>REFUSED</td>")))
			.andExpect(content().string(containsString(
					"not an allowed source: bucket other-trail is not in trailscope.ingest.allowed-buckets")));
	}

	private void send(String body) {
		this.aws.send(this.queueUrl, body);
	}

	private static String eventBridgeObjectCreated(String bucket, String key) {
		return """
				{"version":"0","id":"%s","detail-type":"Object Created","source":"aws.s3","account":"%s",
				 "time":"2025-01-02T00:01:00Z","region":"us-east-1","resources":["arn:aws:s3:::%s"],
				 "detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":"%s","size":1,"etag":"0123"}}}
				""".formatted(unique(), ACCOUNT, bucket, bucket, key);
	}

}
