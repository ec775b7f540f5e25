package io.trailscope.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@TrailscopeIntegrationTest
class IngestServiceIntegrationTest {

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Test
	void loadsGzippedTrailFileOnceEvenWhenDeliveredTwice() throws IOException {
		String id = UUID.randomUUID().toString();
		byte[] file = gzip("{\"Records\":[" + record(id, "2019-03-05T10:00:00Z", "111111111111") + "]}");
		ObjectRef ref = ObjectRef.s3("bucket", "AWSLogs/111111111111/CloudTrail/us-east-1/2019/03/05/f-" + id + ".json.gz",
				"etag-" + id, file.length, Instant.now());

		IngestResult first = this.ingest.ingest(ref, () -> new ByteArrayInputStream(file));
		IngestResult second = this.ingest.ingest(ref, () -> new ByteArrayInputStream(file));

		assertThat(first.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(first.loaded()).isEqualTo(1);
		assertThat(second.status()).isEqualTo(IngestResult.Status.ALREADY_LOADED);
		assertThat(this.jdbc.sql("select count(*) from events where event_id = ?").param(id).query(Long.class).single())
			.isEqualTo(1);
	}

	private static String record(String id, String time, String account) {
		return """
				{"eventVersion":"1.08","eventTime":"%s","eventID":"%s","recipientAccountId":"%s",
				 "eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1",
				 "sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.0",
				 "userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::%s:user/alice",
				   "accountId":"%s","accessKeyId":"AKIAEXAMPLE"}}
				""".formatted(time, id, account, account, account);
	}

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}
}
