package io.trailscope.ingest;

import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.queue.SnsTestSigner;

/**
 * The whole application against the in-process SQS and S3 servers; the subclasses share
 * one application context. It verifies SNS signatures as in production, against the
 * certificate of {@link SnsTestSigner#SHARED}: a test sends envelopes that signer signed.
 * A subclass that needs other settings has a context of its own, and then names a queue
 * of its own too (in {@code @TestPropertySource}, which overrides this one), so that the
 * two listeners never take each other's messages.
 */
@TrailscopeIntegrationTest
@TestPropertySource(properties = "trailscope.ingest.queue=" + AwsServers.QUEUE)
@Import(SnsTestSigner.Beans.class)
public abstract class AwsIntegrationTest {

	protected static final Duration PATIENCE = Duration.ofSeconds(60);

	protected static final String ACCOUNT = "111122223333";

	@DynamicPropertySource
	static void awsServers(DynamicPropertyRegistry registry) {
		AwsServers.register(registry);
	}

	protected final AwsServers aws = AwsServers.get();

	@Autowired
	protected JdbcClient jdbc;

	protected static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	protected static String record(String id, String time) {
		return """
				{"eventVersion":"1.08","eventTime":"%s","eventID":"%s","recipientAccountId":"%s",
				 "eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1",
				 "sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.0","readOnly":true,"requestID":"%s",
				 "userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::%s:user/alice",
				   "accountId":"%s","accessKeyId":"AKIAEXAMPLE"}}
				""".formatted(time, id, ACCOUNT, UUID.randomUUID(), ACCOUNT, ACCOUNT);
	}

	/** A trail file of {@code count} records with ids {@code prefix-0...}. */
	protected static byte[] trailFile(String prefix, int count, String time) {
		StringBuilder b = new StringBuilder("{\"Records\":[");
		for (int i = 0; i < count; i++) {
			b.append(i == 0 ? "" : ",").append(record(prefix + "-" + i, time));
		}
		return CloudTrailFiles.gzip(b.append("]}").toString());
	}

	protected static String logKey(String region, String day, String name) {
		return "AWSLogs/" + ACCOUNT + "/CloudTrail/" + region + "/" + day + "/" + ACCOUNT + "_CloudTrail_" + region
				+ "_" + name + ".json.gz";
	}

	protected long events(String idPrefix) {
		return this.jdbc.sql("select count(*) from events where event_id like :p")
			.param("p", idPrefix + "-%")
			.query(Long.class)
			.single();
	}

	protected String ledgerStatus(String bucket, String key) {
		return this.jdbc
			.sql("select string_agg(status, ',' order by id) from ingest_objects where bucket = :b and object_key = :k")
			.param("b", bucket)
			.param("k", key)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	protected String ledgerError(String bucket, String key) {
		return this.jdbc
			.sql("select error from ingest_objects where bucket = :b and object_key = :k order by id desc limit 1")
			.param("b", bucket)
			.param("k", key)
			.query(String.class)
			.optional()
			.orElse(null);
	}

}
