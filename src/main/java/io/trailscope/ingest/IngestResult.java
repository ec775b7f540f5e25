package io.trailscope.ingest;

/**
 * What loading one object did.
 *
 * @param status the ledger status: LOADED, PARTIAL, FAILED, SKIPPED, REFUSED (not read:
 * its source is not trusted) or ALREADY_LOADED
 * @param records records read from the object
 * @param loaded new events stored
 * @param duplicates records already stored (or repeated within the object)
 * @param rejected records that could not be stored
 * @param error why the object failed, was skipped or refused, if it was
 */
public record IngestResult(Status status, long records, long loaded, long duplicates, long rejected, String error) {

	public enum Status {

		LOADED, PARTIAL, FAILED, SKIPPED, REFUSED, ALREADY_LOADED

	}

	static IngestResult skipped(String reason) {
		return new IngestResult(Status.SKIPPED, 0, 0, 0, 0, reason);
	}

	static IngestResult alreadyLoaded() {
		return new IngestResult(Status.ALREADY_LOADED, 0, 0, 0, 0, null);
	}

	public boolean failed() {
		return this.status == Status.FAILED || this.status == Status.PARTIAL;
	}
}
