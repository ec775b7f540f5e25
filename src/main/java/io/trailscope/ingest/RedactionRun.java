package io.trailscope.ingest;

import java.time.Instant;

/**
 * One pass of the redact command over the stored records.
 *
 * @param id the pass's id
 * @param rules the digest of the redactor's rules it applies
 * @param after the last record it finished, or null before its first batch
 * @param scanned records it has read
 * @param redacted records it has changed
 * @param started when it started
 * @param finished when it read the last record, or null while it has more to read
 */
record RedactionRun(long id, String rules, StoredRecord.Position after, long scanned, long redacted, Instant started,
		Instant finished) {

	boolean done() {
		return this.finished != null;
	}
}
