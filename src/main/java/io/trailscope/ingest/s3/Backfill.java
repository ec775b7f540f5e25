package io.trailscope.ingest.s3;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Service;

import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.Ledger;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.ingest.OneLine;
import io.trailscope.ingest.ProgressListener;
import io.trailscope.ingest.TrustedSources;

/**
 * Backfills of an S3 prefix: paginated, resumable, skipping what the ledger already has,
 * limited by the date in the key path. {@link #start} runs in the background;
 * {@link #runNow} in the caller's thread (the command line).
 *
 * <p>
 * Each run is a row in {@code backfills} with its position, the last key done. A run that
 * stops early (the process ends, S3 fails) is left {@code INTERRUPTED} or {@code FAILED};
 * starting the same backfill (same prefix and range) again continues it after its
 * position instead of listing everything again. Runs are not resumed by themselves at
 * start-up: with several instances, which one should would be a guess, and an operator
 * who restarts a node may not want a large backfill to start again unasked. At start-up,
 * runs that have written no progress for a while (their process died) are marked
 * {@code INTERRUPTED}.
 */
@Service
public class Backfill {

	private static final Logger log = LoggerFactory.getLogger(Backfill.class);

	/** A live run writes progress at least this often while it lists or skips. */
	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

	/** A run silent for longer than this has no process behind it. */
	private static final Duration SILENCE = Duration.ofMinutes(10);

	private static final BiConsumer<String, IngestResult> NO_LISTENER = (name, result) -> {
	};

	private final S3Client s3;

	private final S3ObjectLoader objects;

	private final Ledger ledger;

	private final BackfillStore store;

	private final TrustedSources sources;

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("backfill-");

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final Set<Long> active = ConcurrentHashMap.newKeySet();

	Backfill(S3Client s3, S3ObjectLoader objects, Ledger ledger, BackfillStore store, TrustedSources sources) {
		this.s3 = s3;
		this.objects = objects;
		this.ledger = ledger;
		this.store = store;
		this.sources = sources;
		this.executor.setDaemon(true);
	}

	/**
	 * Starts a backfill in the background, or continues the same one if it stopped early.
	 * @param s3Url {@code s3://bucket/prefix}
	 * @param from first day to load (by the date in the key path), or null
	 * @param to last day to load, inclusive, or null
	 * @throws IllegalArgumentException for a malformed URL, a prefix outside
	 * {@link TrustedSources} or a range that ends before it starts
	 * @throws IllegalStateException if the same backfill is running
	 */
	public BackfillRun start(String s3Url, LocalDate from, LocalDate to) {
		BackfillRun run = begin(s3Url, from, to);
		this.executor.execute(() -> execute(run, NO_LISTENER));
		return run;
	}

	/**
	 * Continues a run that stopped early ({@code INTERRUPTED} or {@code FAILED}) after
	 * its position, in the background.
	 * @throws IllegalArgumentException if there is no such run, or its prefix is no
	 * longer allowed
	 * @throws IllegalStateException if it is running or done
	 */
	public BackfillRun resume(long id) {
		BackfillRun run = find(id).orElseThrow(() -> new IllegalArgumentException("no backfill #" + id));
		refuseOutsideTrustedSources(run.bucket(), run.prefix());
		if (this.stopping.get()) {
			throw new IllegalStateException("shutting down");
		}
		this.store.interruptSilent(SILENCE);
		BackfillRun resumed = this.store.resume(id)
			.orElseThrow(() -> new IllegalStateException("backfill #" + id + " is " + run.status().toLowerCase()
					+ "; only an interrupted or failed run can be continued"));
		this.executor.execute(() -> execute(resumed, NO_LISTENER));
		return resumed;
	}

	public Optional<BackfillRun> find(long id) {
		return this.store.find(id);
	}

	/** The latest runs, newest first. */
	public List<BackfillRun> recent(int limit) {
		return this.store.recent(limit);
	}

	/**
	 * Runs a backfill (or continues it) to its end in this thread, telling
	 * {@code fileDone} about each file.
	 */
	public BackfillRun runNow(String s3Url, LocalDate from, LocalDate to, BiConsumer<String, IngestResult> fileDone) {
		BackfillRun run = begin(s3Url, from, to);
		execute(run, fileDone);
		return this.store.find(run.id()).orElseThrow();
	}

	@EventListener(ApplicationReadyEvent.class)
	void markInterrupted() {
		int count = this.store.interruptSilent(SILENCE);
		if (count > 0) {
			log.info("{} backfill(s) stopped with their process; start them again to continue", count);
		}
	}

	/** Lets running backfills save their position and stop between files. */
	@PreDestroy
	void stop() {
		this.stopping.set(true);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!this.active.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private BackfillRun begin(String s3Url, LocalDate from, LocalDate to) {
		Target target = Target.parse(s3Url);
		refuseOutsideTrustedSources(target.bucket(), target.prefix());
		if (from != null && to != null && to.isBefore(from)) {
			throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
		}
		if (this.stopping.get()) {
			throw new IllegalStateException("shutting down");
		}
		this.store.interruptSilent(SILENCE);
		this.store.running(target.bucket(), target.prefix(), from, to).ifPresent(running -> {
			throw new IllegalStateException("this backfill is already running (#" + running.id() + ")");
		});
		return this.store.resume(target.bucket(), target.prefix(), from, to)
			.orElseGet(() -> this.store.create(target.bucket(), target.prefix(), from, to));
	}

	/** A backfill reads every object under its prefix: all of them must be allowed. */
	private void refuseOutsideTrustedSources(String bucket, String prefix) {
		String refusal = this.sources.prefixRefusal(bucket, prefix);
		if (refusal != null) {
			throw new IllegalArgumentException(refusal);
		}
	}

	private void execute(BackfillRun run, BiConsumer<String, IngestResult> fileDone) {
		this.active.add(run.id());
		Progress progress = new Progress(run);
		try {
			if (run.position() != null) {
				log.info("Backfill #{} of {} continues after {}", run.id(), OneLine.of(run.s3Url()),
						OneLine.of(run.position()));
			}
			new S3Listing(this.s3, run.bucket(), run.from(), run.to(), run.position(), this.stopping::get).list(
					run.prefix(),
					object -> progress.done(object.key(), handle(run.bucket(), object, progress, fileDone)));
			progress.save();
			if (this.stopping.get()) {
				this.store.finish(run.id(), BackfillRun.INTERRUPTED, "the process stopped");
			}
			else {
				this.store.finish(run.id(), BackfillRun.DONE, null);
				log.info("Backfill #{} of {} done: {} listed, {} loaded, {} skipped, {} failed, {} events", run.id(),
						OneLine.of(run.s3Url()), progress.counts.listed, progress.counts.loaded,
						progress.counts.skipped, progress.counts.failed, progress.counts.events);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Backfill #{} of {} failed after {}: {}", run.id(), OneLine.of(run.s3Url()),
					OneLine.of(progress.position), OneLine.of(ex.toString()));
			try {
				progress.save();
				this.store.finish(run.id(), BackfillRun.FAILED, OneLine.of(String.valueOf(ex.getMessage())));
			}
			catch (RuntimeException storeFailure) {
				log.warn("Could not record the end of backfill #{}", run.id(), storeFailure);
			}
		}
		finally {
			this.active.remove(run.id());
		}
	}

	/**
	 * @return whether the object was loaded (or tried), rather than skipped from the
	 * listing alone
	 */
	private boolean handle(String bucket, S3Object object, Progress progress,
			BiConsumer<String, IngestResult> fileDone) {
		BackfillStore.Counts counts = progress.counts;
		counts.listed++;
		ObjectRef listed = ObjectRef.s3(bucket, object.key(), object.eTag(), object.size() == null ? -1 : object.size(),
				object.lastModified());
		if (!listed.kind().loaded() || this.ledger.isDone(listed)) {
			counts.skipped++;
			return false;
		}
		IngestResult result;
		try {
			result = this.objects.loadListed(listed, ProgressListener.NONE);
		}
		catch (RuntimeException ex) {
			// recorded in the ledger as failed; the backfill goes on with the next object
			result = new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0,
					OneLine.of(String.valueOf(ex.getMessage())));
		}
		counts.events += result.loaded();
		switch (result.status()) {
			case LOADED -> counts.loaded++;
			case SKIPPED, ALREADY_LOADED -> counts.skipped++;
			case FAILED, PARTIAL, REFUSED -> counts.failed++;
		}
		fileDone.accept(listed.displayName(), result);
		return true;
	}

	/**
	 * The run's totals and position, written to its row often enough to resume from and
	 * to show.
	 */
	private final class Progress {

		final BackfillRun run;

		final BackfillStore.Counts counts;

		String position;

		Instant saved = Instant.now();

		Progress(BackfillRun run) {
			this.run = run;
			this.counts = new BackfillStore.Counts(run);
			this.position = run.position();
		}

		void done(String key, boolean loadedSomething) {
			this.position = key;
			if (loadedSomething || Duration.between(this.saved, Instant.now()).compareTo(PROGRESS_EVERY) >= 0) {
				save();
			}
		}

		void save() {
			Backfill.this.store.progress(this.run.id(), this.counts, this.position);
			this.saved = Instant.now();
		}

	}

	/** Where a backfill reads: {@code s3://bucket/prefix}. */
	record Target(String bucket, String prefix) {

		static Target parse(String s3Url) {
			if (s3Url == null || s3Url.isBlank()) {
				throw new IllegalArgumentException("an S3 URL is required: s3://bucket/prefix");
			}
			String value = s3Url.strip();
			if (!value.regionMatches(true, 0, "s3://", 0, 5)) {
				throw new IllegalArgumentException("not an S3 URL (expected s3://bucket/prefix): " + value);
			}
			String rest = value.substring(5);
			int slash = rest.indexOf('/');
			String bucket = slash < 0 ? rest : rest.substring(0, slash);
			String prefix = slash < 0 ? "" : rest.substring(slash + 1);
			if (!bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
				throw new IllegalArgumentException("not a valid bucket name in " + value + ": '" + bucket + "'");
			}
			return new Target(bucket, prefix);
		}
	}

}
