package io.trailscope.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An SQS server (ElasticMQ) and an S3 server (S3Proxy over an in-memory store with
 * injectable faults) in this JVM, started once and shared by the tests that need them.
 */
public final class AwsServers {

	public static final String ACCESS_KEY = "trailscope-test";

	public static final String SECRET_KEY = "trailscope-test-secret";

	public static final String QUEUE = "trailscope-test";

	public static final String DEAD_LETTERS = "trailscope-test-dlq";

	/** Receives before a message is dead-lettered. */
	public static final int MAX_RECEIVES = 3;

	private static AwsServers instance;

	public final FaultyBlobStore blobs = new FaultyBlobStore(new TransientNio2BlobStore());

	public final URI sqsEndpoint;

	public final URI s3Endpoint;

	public final SqsClient sqs;

	public final S3Client s3;

	public final String queueUrl;

	public final String deadLetterUrl;

	private AwsServers() throws Exception {
		int sqsPort = freePort();
		SQSRestServer sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1")
			.withPort(sqsPort)
			.withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, ""))
			.start();
		sqsServer.waitUntilStarted();
		this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);

		S3Proxy s3Proxy = S3Proxy.builder()
			.blobStore(this.blobs)
			.endpoint(URI.create("http://127.0.0.1:" + freePort()))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.build();
		s3Proxy.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!"STARTED".equals(s3Proxy.getState()) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		this.s3Endpoint = URI.create("http://127.0.0.1:" + s3Proxy.getPort());

		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
		this.sqs = SqsClient.builder()
			.endpointOverride(this.sqsEndpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.build();
		this.s3 = S3Client.builder()
			.endpointOverride(this.s3Endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.forcePathStyle(true)
			.build();

		this.deadLetterUrl = this.sqs.createQueue(r -> r.queueName(DEAD_LETTERS)).queueUrl();
		String deadLetterArn = this.sqs
			.getQueueAttributes(r -> r.queueUrl(this.deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		// short, so that a failed message comes back within a test, but longer than a
		// broken download takes to surface under load (about 2.5 s): a shorter one lets a
		// second consumer load the file while the first is still failing
		this.queueUrl = this.sqs
			.createQueue(
					r -> r.queueName(QUEUE)
						.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
								QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
										+ "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}")))
			.queueUrl();
	}

	public static synchronized AwsServers get() {
		if (instance == null) {
			try {
				instance = new AwsServers();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not start the SQS and S3 servers", ex);
			}
		}
		return instance;
	}

	/**
	 * The application's settings for these servers, but for the queue it consumes: that
	 * is a test property of {@link AwsIntegrationTest}, so that a test class can name a
	 * queue of its own.
	 */
	public static void register(DynamicPropertyRegistry registry) {
		AwsServers servers = get();
		registry.add("spring.cloud.aws.sqs.endpoint", servers.sqsEndpoint::toString);
		registry.add("spring.cloud.aws.s3.endpoint", servers.s3Endpoint::toString);
		registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
		registry.add("spring.cloud.aws.credentials.access-key", () -> ACCESS_KEY);
		registry.add("spring.cloud.aws.credentials.secret-key", () -> SECRET_KEY);
		registry.add("spring.cloud.aws.region.static", () -> "us-east-1");
		registry.add("trailscope.ingest.visibility.extend-to", () -> "5s");
		registry.add("trailscope.ingest.visibility.every", () -> "1s");
		// the test contexts are paused when another one runs, and stopping the listener
		// waits for its poll to return: a second, not the default ten
		registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
		// a failed message comes back at once instead of after its 5 s: the dead-letter
		// test sees its three receives in a second or two
		registry.add("trailscope.ingest.visibility.retry-after", () -> "0s");
	}

	public void bucket(String name) {
		if (!this.s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(name))) {
			this.s3.createBucket(r -> r.bucket(name));
		}
	}

	/**
	 * @return the ETag of the stored object
	 */
	public String put(String bucket, String key, byte[] content) {
		bucket(bucket);
		return this.s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content))
			.eTag()
			.replace("\"", "");
	}

	public void send(String body) {
		send(this.queueUrl, body);
	}

	public void send(String queueUrl, String body) {
		this.sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
	}

	/** Creates a queue if there is none of that name. @return its URL */
	public String queue(String name) {
		return this.sqs.createQueue(r -> r.queueName(name)).queueUrl();
	}

	/** Whether no message of the queue waits or is being handled. */
	public boolean drained(String queueUrl) {
		var attributes = this.sqs
			.getQueueAttributes(r -> r.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				&& "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
