package io.trailscope.ingest.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.trailscope.ingest.IngestProperties;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.ingest.OneLine;
import io.trailscope.ingest.ProgressListener;
import io.trailscope.ingest.s3.S3ObjectLoader;

/**
 * Handles one queue message: parses it, loads each object it names, and returns only when
 * every one is committed or recorded as permanently failed, so the message is
 * acknowledged then and only then. A failure that may pass is rethrown after the other
 * objects of the message were tried, so the message is redelivered (those already loaded
 * are then found in the ledger).
 *
 * <p>
 * A message of no known shape is acknowledged with a warning and counted: it can never
 * load, and leaving it to the redrive policy would only hold a consumer slot for every
 * receive until the dead-letter queue takes it. So is an SNS envelope whose signature is
 * not Amazon SNS's ({@link SnsSignatures}): what it names is not loaded, nor recorded in
 * the ledger, since nothing vouches that it names anything. Only when the signing
 * certificate cannot be fetched does the message fail, to be verified when it comes
 * again.
 */
@Component
class NotificationHandler {

	private static final Logger log = LoggerFactory.getLogger(NotificationHandler.class);

	/** As much of a dropped message as the log shows: enough to tell what sent it. */
	private static final int BODY_LOGGED = 300;

	private final NotificationParser parser = new NotificationParser();

	private final S3ObjectLoader objects;

	private final SnsSignatures signatures;

	private final MeterRegistry meters;

	private final IngestProperties.Visibility visibility;

	NotificationHandler(S3ObjectLoader objects, SnsSignatures signatures, MeterRegistry meters,
			IngestProperties properties) {
		this.objects = objects;
		this.signatures = signatures;
		this.meters = meters;
		this.visibility = properties.visibility();
	}

	/**
	 * @param body the message body
	 * @param visibility the message's visibility, extended while long files load; null if
	 * none
	 * @return the results of the objects loaded, in message order
	 */
	List<IngestResult> handle(String body, Visibility visibility) {
		Notification notification = verified(this.parser.parse(body));
		count(notification);
		if (notification.dropped()) {
			switch (notification.shape()) {
				case UNRECOGNIZED -> log.warn("Dropped a queue message of no known shape ({}): {}",
						OneLine.of(notification.note()), OneLine.of(body, BODY_LOGGED));
				case UNVERIFIED -> log.warn("Dropped an SNS message that Amazon SNS did not sign ({}): {}",
						OneLine.of(notification.note()), OneLine.of(body, BODY_LOGGED));
				default -> log.info("Acknowledged a {} message: {}", notification.shape().tag(),
						OneLine.of(notification.note()));
			}
			return List.of();
		}
		Extender extender = new Extender(visibility, this.visibility);
		List<IngestResult> results = new ArrayList<>();
		RuntimeException failure = null;
		for (ObjectRef object : notification.objects()) {
			try {
				extender.recordsRead(0);
				results.add(this.objects.load(object, extender));
			}
			catch (RuntimeException ex) {
				// already recorded in the ledger and logged by the ingest service
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			extender.retryAfterFailure();
			throw failure;
		}
		return results;
	}

	/**
	 * What the message says, if it came in no SNS envelope or in one that Amazon SNS
	 * signed; else nothing.
	 */
	private Notification verified(Notification notification) {
		if (!notification.viaSns()) {
			return notification;
		}
		String refusal = this.signatures.refusal(notification.envelope());
		return refusal == null ? notification
				: Notification.nothing(Notification.Shape.UNVERIFIED, notification.envelope(), refusal);
	}

	/**
	 * Counts a queue message by shape, and those dropped without loading anything by why.
	 */
	private void count(Notification notification) {
		this.meters
			.counter("trailscope.ingest.notifications", "shape", notification.shape().tag(), "sns",
					String.valueOf(notification.viaSns()))
			.increment();
		if (notification.dropped()) {
			this.meters.counter("trailscope.ingest.notifications.dropped", "shape", notification.shape().tag())
				.increment();
		}
	}

	/**
	 * Keeps the message invisible while its files load, at most once per configured
	 * interval.
	 */
	private static final class Extender implements ProgressListener {

		private final Visibility visibility;

		private final IngestProperties.Visibility settings;

		private Instant extended = Instant.now();

		Extender(Visibility visibility, IngestProperties.Visibility settings) {
			this.visibility = visibility;
			this.settings = settings;
		}

		@Override
		public void recordsRead(long records) {
			if (this.visibility == null) {
				return;
			}
			Instant now = Instant.now();
			if (Duration.between(this.extended, now).compareTo(this.settings.every()) < 0) {
				return;
			}
			this.extended = now;
			this.visibility.changeToAsync((int) this.settings.extendTo().toSeconds()).whenComplete((ok, ex) -> {
				if (ex != null) {
					log.warn("Could not extend the visibility of a queue message: {}", ex.getMessage());
				}
			});
		}

		/**
		 * Brings a failed message back after the configured delay rather than after the
		 * rest of its visibility timeout, which is sized for the longest load.
		 */
		void retryAfterFailure() {
			if (this.visibility == null || this.settings.retryAfter() == null) {
				return;
			}
			try {
				this.visibility.changeTo((int) this.settings.retryAfter().toSeconds());
			}
			catch (RuntimeException ex) {
				log.warn("Could not shorten the visibility of a failed queue message: {}", ex.getMessage());
			}
		}

	}

}
