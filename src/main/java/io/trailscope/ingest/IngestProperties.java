package io.trailscope.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the queue-driven ingest.
 *
 * @param queue the SQS queue (name or URL) that receives the trail bucket's
 * notifications; unset, no listener runs and the console works on what is already stored
 * @param concurrency messages handled at once by this instance (each may name several
 * files), and files loaded at once by an import
 * @param listen whether this process consumes the queue at all; the command-line tasks
 * set it off
 * @param visibility how long files keep their message invisible while they load
 */
@ConfigurationProperties("trailscope.ingest")
public record IngestProperties(String queue, @DefaultValue("2") int concurrency, @DefaultValue("true") boolean listen,
		@DefaultValue Visibility visibility) {

	public IngestProperties {
		if (concurrency < 1) {
			throw new IllegalArgumentException("trailscope.ingest.concurrency must be at least 1");
		}
		queue = queue == null || queue.isBlank() ? null : queue.strip();
		visibility = visibility == null ? new Visibility(null, null, null) : visibility;
	}

	public boolean listening() {
		return this.listen && this.queue != null;
	}

	/**
	 * @param extendTo the visibility timeout set on a message while its files are still
	 * loading (counted from the moment it is set)
	 * @param every how often, at most, the timeout is extended while records keep coming
	 * @param retryAfter how soon a message comes back after one of its files failed for a
	 * reason that may pass (S3 refused or broke off, the database was away); unset, the
	 * message waits out the rest of its visibility timeout
	 */
	public record Visibility(@DefaultValue("300s") Duration extendTo, @DefaultValue("60s") Duration every,
			Duration retryAfter) {

		public Visibility {
			extendTo = extendTo == null ? Duration.ofMinutes(5) : extendTo;
			every = every == null ? Duration.ofMinutes(1) : every;
			if (extendTo.toSeconds() < 1 || extendTo.toSeconds() > 43_200) {
				throw new IllegalArgumentException("trailscope.ingest.visibility.extend-to must be between 1s and 12h");
			}
			if (every.compareTo(extendTo) >= 0) {
				throw new IllegalArgumentException(
						"trailscope.ingest.visibility.every must be shorter than trailscope.ingest.visibility.extend-to");
			}
			if (retryAfter != null && (retryAfter.isNegative() || retryAfter.toSeconds() > 43_200)) {
				throw new IllegalArgumentException(
						"trailscope.ingest.visibility.retry-after must be between 0s and 12h");
			}
		}
	}
}
