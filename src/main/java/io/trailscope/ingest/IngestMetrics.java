package io.trailscope.ingest;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Ingest counters and lag: files by outcome, events by outcome, and how far behind the
 * newest event of each loaded file (event time to stored) and its object (S3 write time
 * to stored) are.
 */
@Component
class IngestMetrics {

	private final MeterRegistry registry;

	private final Counter eventsLoaded;

	private final Counter eventsDuplicate;

	private final Counter eventsRejected;

	private final Timer eventLag;

	private final Timer objectLag;

	IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.eventsLoaded = events("loaded");
		this.eventsDuplicate = events("duplicate");
		this.eventsRejected = events("rejected");
		this.eventLag = lag("event");
		this.objectLag = lag("object");
	}

	void file(IngestResult result, ObjectRef ref) {
		this.registry
			.counter("trailscope.ingest.files", "outcome", result.status().name().toLowerCase(), "source", ref.source())
			.increment();
		this.eventsLoaded.increment(result.loaded());
		this.eventsDuplicate.increment(result.duplicates());
		this.eventsRejected.increment(result.rejected());
	}

	void lag(Instant newestEvent, Instant objectWritten) {
		Instant now = Instant.now();
		if (newestEvent != null) {
			this.eventLag.record(Duration.between(newestEvent, now).abs());
		}
		if (objectWritten != null) {
			this.objectLag.record(Duration.between(objectWritten, now).abs());
		}
	}

	private Counter events(String outcome) {
		return Counter.builder("trailscope.ingest.events")
			.tag("outcome", outcome)
			.description("CloudTrail records processed by outcome")
			.register(this.registry);
	}

	private Timer lag(String from) {
		return Timer.builder("trailscope.ingest.lag")
			.tag("from", from)
			.description("Time from the event (or its S3 object) being written to it being stored")
			.register(this.registry);
	}

}
