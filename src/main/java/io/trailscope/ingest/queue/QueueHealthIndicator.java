package io.trailscope.ingest.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.trailscope.ingest.IngestProperties;

/** The configured queue: reachable, and how many messages wait or are being handled. */
@Component("queueHealthIndicator")
@ConditionalOnProperty(prefix = "trailscope.ingest", name = "queue")
class QueueHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final SqsAsyncClient sqs;

	private final String queue;

	private volatile String queueUrl;

	QueueHealthIndicator(SqsAsyncClient sqs, IngestProperties properties) {
		super("The queue is not reachable");
		this.sqs = sqs;
		this.queue = properties.queue();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		String url = url();
		Map<QueueAttributeName, String> attributes = this.sqs
			.getQueueAttributes(GetQueueAttributesRequest.builder()
				.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
				.build())
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.attributes();
		builder.up()
			.withDetail("queue", this.queue)
			.withDetail("visible", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)))
			.withDetail("inFlight",
					number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
	}

	private String url() throws Exception {
		String url = this.queueUrl;
		if (url == null) {
			url = this.queue.startsWith("http://") || this.queue.startsWith("https://") ? this.queue
					: this.sqs.getQueueUrl(request -> request.queueName(this.queue))
						.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
						.queueUrl();
			this.queueUrl = url;
		}
		return url;
	}

	private static Long number(String value) {
		try {
			return value == null ? null : Long.valueOf(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
