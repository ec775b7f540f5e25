package io.trailscope.ingest.queue;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.trailscope.ingest.TrustedSources;

/**
 * Consumes the configured queue. Exists only when a queue is set and this process listens
 * (the command-line tasks do not). Messages are acknowledged when
 * {@link NotificationHandler} returns; an exception leaves the message to be redelivered
 * and, after the queue's redrive policy, dead-lettered. Several instances may consume one
 * queue: the ledger claim makes a duplicate delivery harmless.
 *
 * <p>
 * One message a poll: before it polls, the container waits (up to its permit timeout) for
 * a whole poll's worth of free consumers. With polls of as many messages as consumers, a
 * consumer that finished waited for all the others to finish too. Polling for one lets
 * each take the next message as soon as it is free.
 */
@Component
@ConditionalOnProperty(prefix = "trailscope.ingest", name = "queue")
@ConditionalOnBooleanProperty(name = "trailscope.ingest.listen", matchIfMissing = true)
class QueueListener {

	private static final Logger log = LoggerFactory.getLogger(QueueListener.class);

	private final NotificationHandler handler;

	private final TrustedSources sources;

	QueueListener(NotificationHandler handler, TrustedSources sources) {
		this.handler = handler;
		this.sources = sources;
	}

	/**
	 * Said once at start, where an operator reads: a production queue should have both.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void warnOfOpenSources() {
		if (!this.sources.restricted()) {
			log.warn("trailscope.ingest.allowed-buckets is not set: whoever can send to the queue decides which "
					+ "buckets are read; set it to the trail's bucket (or bucket/prefix)");
		}
		if (!this.sources.sns().verifySignatures()) {
			log.warn("trailscope.ingest.sns.verify-signatures is off: SNS envelopes are believed without Amazon SNS's "
					+ "signature");
		}
	}

	@SqsListener(value = "${trailscope.ingest.queue}", id = "trailscope-ingest",
			maxConcurrentMessages = "${trailscope.ingest.concurrency:2}", maxMessagesPerPoll = "1")
	void onMessage(String body, Visibility visibility) {
		this.handler.handle(body, visibility);
	}

}
