package io.trailscope.ingest;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Consumes the configured queue. Exists only when a queue is set and this process listens (the
 * command-line tasks do not). Messages are acknowledged when {@link NotificationHandler} returns;
 * an exception leaves the message to be redelivered and, after the queue's redrive policy,
 * dead-lettered. Several instances may consume one queue: the ledger claim makes a duplicate
 * delivery harmless.
 */
@Component
@ConditionalOnProperty(prefix = "trailscope.ingest", name = "queue")
@ConditionalOnBooleanProperty(name = "trailscope.ingest.listen", matchIfMissing = true)
class QueueListener {

	private final NotificationHandler handler;

	QueueListener(NotificationHandler handler) {
		this.handler = handler;
	}

	@SqsListener(value = "${trailscope.ingest.queue}", id = "trailscope-ingest",
			maxConcurrentMessages = "${trailscope.ingest.concurrency:2}",
			maxMessagesPerPoll = "#{T(java.lang.Math).min(10, ${trailscope.ingest.concurrency:2})}")
	void onMessage(String body, Visibility visibility) {
		this.handler.handle(body, visibility);
	}
}
