package io.trailscope.ingest.queue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.trailscope.ingest.ObjectRef;

import static org.assertj.core.api.Assertions.assertThat;

public class NotificationParserTest {

	private final NotificationParser parser = new NotificationParser();

	static final String KEY = "AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/02/111122223333_CloudTrail_eu-west-1_20250102T0005Z_a1b2.json.gz";

	public static String s3Event(String... keys) {
		StringBuilder records = new StringBuilder();
		for (String key : keys) {
			if (!records.isEmpty()) {
				records.append(',');
			}
			records
				.append("""
						{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
						 "eventTime":"2025-01-02T00:06:01.123Z","eventName":"ObjectCreated:Put",
						 "s3":{"s3SchemaVersion":"1.0","configurationId":"trail",
						   "bucket":{"name":"my-trail","arn":"arn:aws:s3:::my-trail"},
						   "object":{"key":"%s","size":1234,"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901"}}}
						"""
					.formatted(key));
		}
		return "{\"Records\":[" + records + "]}";
	}

	public static String sns(String message) {
		return JsonMapper.builder()
			.build()
			.writeValueAsString(Map.of("Type", "Notification", "MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
					"TopicArn", "arn:aws:sns:eu-west-1:111122223333:trail", "Message", message, "Timestamp",
					"2025-01-02T00:06:02.000Z"));
	}

	@Test
	void readsAnS3EventNotification() {
		Notification n = this.parser.parse(s3Event(KEY));

		assertThat(n.shape()).isEqualTo(Notification.Shape.S3_EVENT);
		assertThat(n.viaSns()).isFalse();
		assertThat(n.objects()).containsExactly(ObjectRef.s3("my-trail", KEY, "0123456789abcdef0123456789abcdef", 1234,
				Instant.parse("2025-01-02T00:06:01.123Z")));
	}

	@Test
	void decodesFormEncodedKeys() {
		Notification n = this.parser
			.parse(s3Event("custom+prefix/AWSLogs%2F111122223333/CloudTrail/a%3Db+c%2Bd.json.gz"));

		assertThat(n.objects()).singleElement()
			.extracting(ObjectRef::key)
			.isEqualTo("custom prefix/AWSLogs/111122223333/CloudTrail/a=b c+d.json.gz");
	}

	@Test
	void readsEveryRecordOfAnS3Event() {
		Notification n = this.parser.parse(s3Event(KEY, KEY.replace("a1b2", "c3d4"), KEY.replace("a1b2", "e5f6")));

		assertThat(n.objects()).extracting(ObjectRef::key)
			.containsExactly(KEY, KEY.replace("a1b2", "c3d4"), KEY.replace("a1b2", "e5f6"));
	}

	@Test
	void ignoresS3EventsOtherThanObjectCreated() {
		String removed = s3Event(KEY).replace("ObjectCreated:Put", "ObjectRemoved:Delete");

		Notification n = this.parser.parse(removed);

		assertThat(n.shape()).isEqualTo(Notification.Shape.IGNORED);
		assertThat(n.objects()).isEmpty();
		assertThat(n.note()).contains("ObjectRemoved:Delete");
	}

	@Test
	void unwrapsAnS3EventFromAnSnsEnvelope() {
		Notification n = this.parser.parse(sns(s3Event(KEY)));

		assertThat(n.shape()).isEqualTo(Notification.Shape.S3_EVENT);
		assertThat(n.viaSns()).isTrue();
		assertThat(n.objects()).extracting(ObjectRef::key).containsExactly(KEY);
	}

	@Test
	void readsEveryKeyOfCloudTrailsOwnNotification() {
		String body = """
				{"s3Bucket":"my-trail","s3ObjectKey":["%s","%s"]}
				""".formatted(KEY, KEY.replace("a1b2", "z9y8"));

		Notification direct = this.parser.parse(body);
		Notification wrapped = this.parser.parse(sns(body));

		for (Notification n : new Notification[] { direct, wrapped }) {
			assertThat(n.shape()).isEqualTo(Notification.Shape.CLOUDTRAIL);
			assertThat(n.objects()).extracting(ObjectRef::bucket).containsOnly("my-trail");
			assertThat(n.objects()).extracting(ObjectRef::key).containsExactly(KEY, KEY.replace("a1b2", "z9y8"));
			assertThat(n.objects()).extracting(ObjectRef::versioned).containsOnly(false);
		}
		assertThat(wrapped.viaSns()).isTrue();
	}

	@Test
	void readsAnEventBridgeObjectCreatedEvent() {
		String body = """
				{"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",
				 "source":"aws.s3","account":"111122223333","time":"2025-01-02T00:06:00Z","region":"eu-west-1",
				 "resources":["arn:aws:s3:::my-trail"],
				 "detail":{"version":"0","bucket":{"name":"my-trail"},
				   "object":{"key":"%s","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","sequencer":"00617F08299329D189"},
				   "request-id":"N4N7GDK58NMKJ12R","requester":"cloudtrail.amazonaws.com","reason":"PutObject"}}
				"""
			.formatted(KEY);

		Notification n = this.parser.parse(body);

		assertThat(n.shape()).isEqualTo(Notification.Shape.EVENTBRIDGE);
		assertThat(n.objects()).containsExactly(ObjectRef.s3("my-trail", KEY, "b1946ac92492d2347c6235b4d2611184", 5,
				Instant.parse("2025-01-02T00:06:00Z")));
	}

	@Test
	void ignoresOtherEventBridgeEvents() {
		Notification n = this.parser.parse("""
				{"version":"0","detail-type":"Object Deleted","source":"aws.s3","detail":{"bucket":{"name":"b"}}}
				""");

		assertThat(n.shape()).isEqualTo(Notification.Shape.IGNORED);
		assertThat(n.dropped()).isTrue();
	}

	@Test
	void acknowledgesTheS3TestEvent() {
		String body = """
				{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-01-02T00:00:00.000Z","Bucket":"my-trail",
				 "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
				""";

		Notification n = this.parser.parse(body);

		assertThat(n.shape()).isEqualTo(Notification.Shape.TEST_EVENT);
		assertThat(n.dropped()).isTrue();
		assertThat(this.parser.parse(sns(body)).shape()).isEqualTo(Notification.Shape.TEST_EVENT);
	}

	@Test
	void acknowledgesTheCloudTrailValidationMessage() {
		Notification wrapped = this.parser.parse(sns("CloudTrail validation message."));
		Notification raw = this.parser.parse("CloudTrail validation message.");

		assertThat(wrapped.shape()).isEqualTo(Notification.Shape.VALIDATION);
		assertThat(wrapped.viaSns()).isTrue();
		assertThat(wrapped.dropped()).isTrue();
		assertThat(raw.shape()).isEqualTo(Notification.Shape.VALIDATION);
	}

	@Test
	void recognisesGarbageAsSuch() {
		String[] bodies = { "", "   ", "hello", "{\"Records\":", "[1,2,3]", "42", "{\"foo\":\"bar\"}",
				"{\"Records\":\"nope\"}", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}",
				"{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"bad%zzkey\"}}}]}",
				"{\"s3Bucket\":\"b\",\"s3ObjectKey\":[]}", "{\"s3Bucket\":\"b\",\"s3ObjectKey\":[7]}",
				"{\"s3ObjectKey\":[\"k\"]}", "{\"Type\":\"Notification\",\"Message\":\"not json\"}",
				"{\"detail-type\":\"Object Created\",\"detail\":{}}" };

		for (String body : bodies) {
			Notification n = this.parser.parse(body);
			assertThat(n.shape()).as(body).isEqualTo(Notification.Shape.UNRECOGNIZED);
			assertThat(n.objects()).as(body).isEmpty();
			assertThat(n.note()).as(body).isNotBlank();
		}
	}

}
