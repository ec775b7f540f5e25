package io.trailscope.ingest.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.trailscope.ingest.IngestResult;

/**
 * One background load started from the Ingest page: an upload of files or the retry of a
 * failed object. Written by the job's thread, read by page requests, so every access is
 * synchronised and the page reads a {@link Progress} snapshot.
 */
final class LoadJob {

	static final int FAILURES_KEPT = 100;

	enum Kind {

		UPLOAD, RETRY

	}

	enum State {

		QUEUED, RUNNING, DONE, FAILED

	}

	private final long id;

	private final Kind kind;

	private final String label;

	private final Instant created = Instant.now();

	private State state = State.QUEUED;

	private Instant finished;

	private long filesTotal = -1;

	private long filesDone;

	private long loaded;

	private long duplicates;

	private long skipped;

	private long failed;

	private final List<Failure> failures = new ArrayList<>();

	private String error;

	LoadJob(long id, Kind kind, String label) {
		this.id = id;
		this.kind = kind;
		this.label = label;
	}

	long id() {
		return this.id;
	}

	synchronized void start(long filesTotal) {
		this.state = State.RUNNING;
		this.filesTotal = filesTotal;
	}

	synchronized void fileDone(String name, IngestResult result) {
		this.filesDone++;
		this.loaded += result.loaded();
		this.duplicates += result.duplicates();
		switch (result.status()) {
			case SKIPPED, ALREADY_LOADED -> this.skipped++;
			case FAILED, PARTIAL, REFUSED -> {
				this.failed++;
				if (this.failures.size() < FAILURES_KEPT) {
					this.failures.add(new Failure(name, result.status().name(), result.error()));
				}
			}
			case LOADED -> {
			}
		}
		if (this.filesTotal >= 0 && this.filesDone > this.filesTotal) {
			this.filesTotal = this.filesDone;
		}
	}

	synchronized void finish() {
		this.state = State.DONE;
		this.finished = Instant.now();
		this.filesTotal = this.filesDone;
	}

	/**
	 * The job could not do its work at all (nothing to retry, the upload could not be
	 * read).
	 */
	synchronized void fail(String reason) {
		this.state = State.FAILED;
		this.error = reason;
		this.finished = Instant.now();
	}

	synchronized Progress progress() {
		return new Progress(this.id, this.kind, this.label, this.state, this.created, this.finished, this.filesTotal,
				this.filesDone, this.loaded, this.duplicates, this.skipped, this.failed, this.failures, this.error);
	}

	/** A file that failed or loaded only in part, and why. */
	record Failure(String name, String status, String reason) {
	}

	/**
	 * Where a job stands.
	 *
	 * @param filesTotal files to load, -1 while not yet counted
	 * @param failed files that failed or loaded in part; the first
	 * {@value #FAILURES_KEPT} are in failures
	 * @param error why the job as a whole failed, if it did
	 */
	record Progress(long id, Kind kind, String label, State state, Instant created, Instant finished, long filesTotal,
			long filesDone, long loaded, long duplicates, long skipped, long failed, List<Failure> failures,
			String error) {

		Progress {
			failures = List.copyOf(failures);
		}

		public boolean running() {
			return this.state == State.QUEUED || this.state == State.RUNNING;
		}

		public String stateName() {
			return this.state.name();
		}
	}

}
