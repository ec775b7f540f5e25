package io.trailscope.ingest.console;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * What other pages may show of ingest in one line, from the same reads as the Ingest page
 * (its lag over the latest S3 files, its unresolved failures): both read recent or failed
 * ledger rows only, through the ledger's indexes, and a bounded number of events.
 */
@Component
public class IngestHealth {

	private final IngestPageReads reads;

	IngestHealth(IngestPageReads reads) {
		this.reads = reads;
	}

	/** The lag and the failed files now. */
	public Summary summary() {
		IngestLag lag = this.reads.lag(IngestOverview.LAG_FILES);
		long failed = this.reads.failedObjects(1).total();
		return new Summary(lag.files() > 0 ? lag.medianEvent() : null, lag.files() > 0 ? lag.maxEvent() : null,
				lag.files(), failed);
	}

	/**
	 * Ingest in one line.
	 *
	 * @param medianLag the median time from an event to it being stored, over the latest
	 * S3 files written in the last day; null when there are none
	 * @param maxLag the longest such time, or null
	 * @param files how many files the lag was measured over
	 * @param failedFiles failed or partial files without a later outcome
	 */
	public record Summary(Duration medianLag, Duration maxLag, long files, long failedFiles) {

		/** The median lag the way people read one ("3m 12s"), or "—". */
		public String medianLabel() {
			return IngestLag.human(this.medianLag);
		}

		/** The longest lag the way people read one, or "—". */
		public String maxLabel() {
			return IngestLag.human(this.maxLag);
		}

	}

}
