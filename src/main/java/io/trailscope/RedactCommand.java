package io.trailscope;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Component;

import io.trailscope.events.EventCountsWorker;
import io.trailscope.ingest.RecordRedaction;
import io.trailscope.sessions.SessionDerivation;

/**
 * The command-line task {@code redact [--again]}: redacts the stored records again with
 * the current rules, and brings the rollups and role sessions of the objects whose
 * columns changed up to date. It lives here, beside the application, because it spans the
 * ingest module, which knows neither the rollups nor the sessions, and the modules
 * derived from it.
 */
@Component
class RedactCommand {

	static final String NAME = "redact";

	/** Progress is printed every this many batches. */
	private static final int PRINT_EVERY = 50;

	private final RecordRedaction redaction;

	private final EventCountsWorker counts;

	private final SessionDerivation sessions;

	RedactCommand(RecordRedaction redaction, EventCountsWorker counts, SessionDerivation sessions) {
		this.redaction = redaction;
		this.counts = counts;
		this.sessions = sessions;
	}

	/**
	 * Runs the pass, printing its progress to {@code out}; returns the process exit code.
	 */
	int run(String[] args, PrintStream out) {
		boolean again = Arrays.asList(args).contains("--again");
		int[] batches = { 0 };
		long started = System.nanoTime();
		RecordRedaction.Result result = this.redaction.run(again, (scanned, redacted, objectsChanged) -> {
			if (!objectsChanged.isEmpty()) {
				List<Long> objects = List.copyOf(objectsChanged);
				this.counts.count(objects);
				this.sessions.derive(objects);
			}
			if (++batches[0] % PRINT_EVERY == 0) {
				out.printf("%d records read, %d redacted%n", scanned, redacted);
			}
		});
		if (result.madeBefore()) {
			out.printf(
					"The stored records were redacted with the current rules already (pass #%d, finished %s:"
							+ " %d records read, %d redacted). Run with --again to redact them once more.%n",
					result.pass(), result.finished(), result.scanned(), result.redacted());
			return 0;
		}
		out.printf("Pass #%d done: %d records read, %d redacted in %.1f s%n", result.pass(), result.scanned(),
				result.redacted(), (System.nanoTime() - started) / 1e9);
		return 0;
	}

}
