package io.trailscope.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.ingest.EventWriter.ConcurrentLoadException;
import io.trailscope.ingest.ObjectOpener.ObjectGoneException;
import io.trailscope.ingest.EventWriter.MissingPartitionsException;
import io.trailscope.ingest.record.CloudTrailReader;
import io.trailscope.ingest.record.CloudTrailReader.MalformedInputException;
import io.trailscope.ingest.record.IngestLimits;
import io.trailscope.ingest.record.NormalizedEvent;
import io.trailscope.ingest.record.RecordNormalizer;
import io.trailscope.ingest.record.RecordNormalizer.RejectedRecordException;

/**
 * Loads one object into the event store, exactly once in effect, whatever its source.
 *
 * <p>
 * The ledger claim, the COPY of the events not yet stored and the ledger's outcome are
 * one transaction: a crash mid-file leaves nothing behind and the redelivered
 * notification loads the file whole. Content that cannot be read (truncated gzip, invalid
 * JSON) keeps the records read before the fault and is recorded as failed without an
 * exception, since retrying cannot help; failures that may pass (S3, the database) are
 * recorded and rethrown so the caller retries.
 */
@Service
public class IngestService {

	private static final Logger log = LoggerFactory.getLogger(IngestService.class);

	private static final int PROGRESS_EVERY = 5000;

	private static final int REJECT_REASONS_KEPT = 3;

	/**
	 * Loads of one object at most when each met a key its look-up missed, usually another
	 * load storing the same events at the same time. The second and later insert only
	 * what is absent.
	 */
	private static final int LOAD_ATTEMPTS = 4;

	/** Months without a partition that one load may have created before it gives up. */
	private static final int MONTHS_CREATED_PER_LOAD = 1200;

	private final Ledger ledger;

	private final EventWriter writer;

	private final EventPartitions partitions;

	private final CloudTrailReader reader;

	private final RecordNormalizer normalizer;

	private final TransactionTemplate transactions;

	private final IngestMetrics metrics;

	private final ApplicationEventPublisher events;

	IngestService(Ledger ledger, EventWriter writer, EventPartitions partitions, ObjectMapper mapper,
			PlatformTransactionManager transactionManager, IngestMetrics metrics, ApplicationEventPublisher events,
			IngestLimits limits, Clock clock) {
		this.ledger = ledger;
		this.writer = writer;
		this.partitions = partitions;
		this.reader = new CloudTrailReader(limits);
		this.normalizer = new RecordNormalizer(mapper, limits, clock);
		this.transactions = new TransactionTemplate(transactionManager);
		this.metrics = metrics;
		this.events = events;
	}

	public IngestResult ingest(ObjectRef ref, ObjectOpener opener) {
		return ingest(ref, opener, ProgressListener.NONE);
	}

	public IngestResult ingest(ObjectRef ref, ObjectOpener opener, ProgressListener progress) {
		IngestResult result;
		if (!ref.kind().loaded() || ref.size() == 0) {
			String reason = ref.size() == 0 ? "empty object"
					: "not a log file (" + ref.kind().name().toLowerCase() + ")";
			this.transactions
				.executeWithoutResult(status -> this.ledger.record(ref, IngestResult.Status.SKIPPED, reason));
			result = IngestResult.skipped(reason);
		}
		else {
			result = load(ref, opener, progress);
		}
		this.metrics.file(result, ref);
		return result;
	}

	/**
	 * Records an object that is not read because its source is not trusted
	 * ({@link TrustedSources}). The ledger does not count it as done: once its source is
	 * allowed, it loads like any other.
	 */
	public IngestResult refuse(ObjectRef ref, String reason) {
		return unread(ref, IngestResult.Status.REFUSED, "Refused", reason);
	}

	/**
	 * Records an object that fails whole, without being read (a zip with more entries
	 * than {@link IngestLimits#maxZipEntries()}), as failed with the reason.
	 */
	public IngestResult failWhole(ObjectRef ref, String reason) {
		return unread(ref, IngestResult.Status.FAILED, "Failed", reason);
	}

	private IngestResult unread(ObjectRef ref, IngestResult.Status status, String verb, String reason) {
		String why = OneLine.of(reason);
		this.transactions.executeWithoutResult(tx -> this.ledger.record(ref, status, why));
		log.warn("{} {}: {}", verb, OneLine.of(ref.displayName()), why);
		IngestResult result = new IngestResult(status, 0, 0, 0, 0, why);
		this.metrics.file(result, ref);
		return result;
	}

	private IngestResult load(ObjectRef ref, ObjectOpener opener, ProgressListener progress) {
		String name = OneLine.of(ref.displayName());
		try {
			Run run = new Run();
			IngestResult result = null;
			boolean insertIfAbsent = false;
			int failures = 0;
			int monthsCreated = 0;
			while (result == null) {
				boolean careful = insertIfAbsent;
				try {
					result = this.transactions.execute(status -> this.ledger.claim(ref)
						.map(id -> loadClaimed(id, ref, opener, progress, run.reset(), careful))
						.orElseGet(IngestResult::alreadyLoaded));
				}
				catch (ConcurrentLoadException ex) {
					if (++failures == LOAD_ATTEMPTS) {
						throw ex;
					}
					log.debug("Loading {} again, inserting what is absent: {}", name, OneLine.of(ex.getMessage()));
					insertIfAbsent = true;
				}
				catch (MissingPartitionsException ex) {
					// each round creates at least one month, so this ends; the cap is for
					// the unforeseen
					monthsCreated += ex.months().size();
					if (monthsCreated > MONTHS_CREATED_PER_LOAD) {
						throw ex;
					}
					log.debug("Loading {} again: {}", name, OneLine.of(ex.getMessage()));
					this.partitions.create(ex.months());
				}
			}
			if (result.loaded() > 0) {
				this.events.publishEvent(new EventsIngested(run.objectId, result.loaded(), run.oldest, run.newest));
			}
			if (result.failed()) {
				log.warn("Loaded {} with errors: {} of {} records stored; {}", name, result.loaded(), result.records(),
						result.error());
			}
			else if (result.status() == IngestResult.Status.LOADED) {
				log.debug("Loaded {}: {} new events, {} duplicates", name, result.loaded(), result.duplicates());
				this.metrics.lag(run.newest, ref.lastModified());
			}
			return result;
		}
		catch (ObjectGoneException ex) {
			String reason = OneLine.of("object not found: " + ex.getMessage());
			log.warn("Could not load {}: {}", name, reason);
			this.transactions
				.executeWithoutResult(status -> this.ledger.record(ref, IngestResult.Status.FAILED, reason));
			return new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0, reason);
		}
		catch (RuntimeException ex) {
			String reason = describe(ex);
			log.warn("Could not load {} (will be retried): {}", name, reason);
			try {
				this.transactions
					.executeWithoutResult(status -> this.ledger.record(ref, IngestResult.Status.FAILED, reason));
			}
			catch (RuntimeException ledgerFailure) {
				ex.addSuppressed(ledgerFailure);
			}
			this.metrics.file(new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0, reason), ref);
			throw ex;
		}
	}

	private IngestResult loadClaimed(long id, ObjectRef ref, ObjectOpener opener, ProgressListener progress, Run run,
			boolean insertIfAbsent) {
		run.objectId = id;
		InputStream in = open(opener);
		EventWriter.Batch batch = this.writer.openBatch(id, insertIfAbsent);
		String error = null;
		// from the key alone, so that the same object loaded again gives its events the
		// same account
		String keyAccount = ref.keyAccount();
		try (in) {
			this.reader.read(in, record -> {
				run.records++;
				try {
					NormalizedEvent event = this.normalizer.normalize(record, keyAccount);
					batch.add(event);
					run.seen(event.eventTime());
				}
				catch (RejectedRecordException ex) {
					run.reject("record " + run.records + ": " + ex.getMessage());
				}
				if (run.records % PROGRESS_EVERY == 0) {
					progress.recordsRead(run.records);
				}
			}, reason -> {
				run.records++;
				run.reject("record " + run.records + ": " + reason);
			});
		}
		catch (MalformedInputException ex) {
			error = ex.getMessage();
		}
		catch (IOException ex) {
			// closing the stream failed after everything was read: nothing is lost
			log.debug("Closing {} failed: {}", OneLine.of(ref.displayName()), OneLine.of(ex.toString()));
		}
		batch.close();
		long loaded = batch.loaded();
		long duplicates = batch.rows() - loaded;
		IngestResult.Status status;
		if (error != null) {
			status = batch.rows() > 0 ? IngestResult.Status.PARTIAL : IngestResult.Status.FAILED;
		}
		else {
			status = run.rejected > 0 ? IngestResult.Status.PARTIAL : IngestResult.Status.LOADED;
		}
		IngestResult result = new IngestResult(status, run.records, loaded, duplicates, run.rejected,
				OneLine.of(run.describe(error)));
		this.ledger.finish(id, result);
		return result;
	}

	private static InputStream open(ObjectOpener opener) {
		try {
			return opener.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not open the object: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The messages of an exception and its causes, on one line: they may quote keys and
	 * records.
	 */
	private static String describe(Throwable ex) {
		StringBuilder b = new StringBuilder();
		for (Throwable t = ex; t != null && b.length() < 800; t = t.getCause()) {
			if (!b.isEmpty()) {
				b.append(": ");
			}
			b.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
			if (t.getCause() == t) {
				break;
			}
		}
		return OneLine.of(b.toString());
	}

	/** Counters of one load. */
	private static final class Run {

		long records;

		long rejected;

		long objectId;

		Instant oldest;

		Instant newest;

		final List<String> reasons = new ArrayList<>();

		/** Clears the counters for another attempt at the same object. */
		Run reset() {
			this.records = 0;
			this.rejected = 0;
			this.oldest = null;
			this.newest = null;
			this.reasons.clear();
			return this;
		}

		void seen(Instant time) {
			if (this.newest == null || time.isAfter(this.newest)) {
				this.newest = time;
			}
			if (this.oldest == null || time.isBefore(this.oldest)) {
				this.oldest = time;
			}
		}

		void reject(String reason) {
			this.rejected++;
			if (this.reasons.size() < REJECT_REASONS_KEPT) {
				this.reasons.add(reason);
			}
		}

		String describe(String error) {
			if (this.rejected == 0) {
				return error;
			}
			String rejects = this.rejected + " record(s) rejected: " + String.join("; ", this.reasons)
					+ (this.rejected > this.reasons.size() ? "; ..." : "");
			return error == null ? rejects : error + "; " + rejects;
		}

	}

}
