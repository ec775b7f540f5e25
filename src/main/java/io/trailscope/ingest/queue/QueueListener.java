package io.trailscope.ingest.queue;

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
 *
 * <p>One message a poll: before it polls, the container waits (up to its permit timeout) for a
 * whole poll's worth of free consumers. With polls of as many messages as consumers, a consumer
 * that finished waited for all the others to finish too. Polling for one lets each take the next
 * message as soon as it is free.
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
			maxMessagesPerPoll = "1")
	void onMessage(String body, Visibility visibility) {
		this.handler.handle(body, visibility);
	}
}
