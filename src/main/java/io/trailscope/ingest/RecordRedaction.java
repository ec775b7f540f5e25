package io.trailscope.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import io.trailscope.ingest.RedactionRuns.Pass;
import io.trailscope.ingest.record.NormalizedEvent;
import io.trailscope.ingest.record.RecordNormalizer;
import io.trailscope.ingest.record.Redactor;

/**
 * Redacts the stored records again with the redactor's current rules, for when those have
 * grown since the records were loaded: one pass over the event store in the order of its
 * time index, a batch per transaction. A changed record is stored with its search terms
 * and every column read from it derived anew, as a load would store it now, so no search
 * finds what was removed.
 *
 * <p>
 * Each batch commits with the pass's progress ({@link RedactionRuns}): a pass that
 * stopped continues after its last batch, and once a pass with the current rules has
 * finished, another is made only when asked for ({@code again}). Records loaded meanwhile
 * are redacted by the loader with the same rules, wherever they fall in the order.
 */
@Service
public class RecordRedaction {

	/** Records read and rewritten in one transaction. */
	static final int BATCH = 2000;

	private final RedactionRuns runs;

	private final EventWriter writer;

	private final ObjectMapper mapper;

	private final RecordNormalizer normalizer;

	private final Redactor redactor = new Redactor();

	private final TransactionTemplate transactions;

	RecordRedaction(RedactionRuns runs, EventWriter writer, ObjectMapper mapper,
			PlatformTransactionManager transactionManager) {
		this.runs = runs;
		this.writer = writer;
		this.mapper = mapper;
		this.normalizer = new RecordNormalizer(mapper);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/** Told after each batch has committed. */
	@FunctionalInterface
	public interface Progress {

		/**
		 * @param scanned records the pass has read so far
		 * @param redacted records it has changed so far
		 * @param objectsChanged the ledger ids of the objects of this batch's records
		 * whose other columns than the record and its search terms changed (a token in a
		 * user agent, say), so that what is derived from those columns can be brought up
		 * to date
		 */
		void batchDone(long scanned, long redacted, Set<Long> objectsChanged);

	}

	/**
	 * What a pass did.
	 *
	 * @param pass the pass's id
	 * @param scanned records it read
	 * @param redacted records it changed
	 * @param finished when it finished
	 * @param madeBefore whether it had been made before this call, with the same rules
	 */
	public record Result(long pass, long scanned, long redacted, Instant finished, boolean madeBefore) {
	}

	/**
	 * Continues the pass with the current rules, or starts one; with {@code again},
	 * starts a new pass even if one with these rules has finished.
	 */
	public Result run(boolean again, Progress progress) {
		return run(again, BATCH, progress);
	}

	Result run(boolean again, int batch, Progress progress) {
		Pass latest = this.runs.latest(Redactor.RULES).orElse(null);
		if (latest != null && latest.done() && !again) {
			return result(latest, true);
		}
		long id = latest == null || latest.done() ? this.runs.start(Redactor.RULES).id() : latest.id();
		while (true) {
			BatchDone done = this.transactions.execute(status -> redactBatch(id, batch));
			if (done.run().done()) {
				return result(done.run(), false);
			}
			progress.batchDone(done.run().scanned(), done.run().redacted(), done.objectsChanged());
		}
	}

	private BatchDone redactBatch(long id, int batch) {
		Pass run = this.runs.lock(id);
		if (run.done()) {
			return new BatchDone(run, Set.of());
		}
		List<StoredRecord> records = this.writer.storedAfter(run.after(), batch);
		if (records.isEmpty()) {
			this.runs.finish(id);
			return new BatchDone(this.runs.lock(id), Set.of());
		}
		List<NormalizedEvent> rewritten = new ArrayList<>();
		Set<Long> objectsChanged = new TreeSet<>();
		for (StoredRecord stored : records) {
			ObjectNode record = (ObjectNode) this.mapper.readTree(stored.record());
			if (!this.redactor.redact(record)) {
				continue;
			}
			NormalizedEvent now = derive(record, stored);
			rewritten.add(now);
			if (stored.objectId() != null
					&& !derive((ObjectNode) this.mapper.readTree(stored.record()), stored).columns()
						.equals(now.columns())) {
				objectsChanged.add(stored.objectId());
			}
		}
		this.writer.rewrite(rewritten);
		this.runs.advance(id, records.get(records.size() - 1).position(), records.size(), rewritten.size());
		return new BatchDone(this.runs.lock(id), objectsChanged);
	}

	private NormalizedEvent derive(ObjectNode record, StoredRecord stored) {
		return this.normalizer.derive(record, stored.eventId(), stored.eventTime(), stored.recipientAccountId());
	}

	private static Result result(Pass run, boolean madeBefore) {
		return new Result(run.id(), run.scanned(), run.redacted(), run.finished(), madeBefore);
	}

	private record BatchDone(Pass run, Set<Long> objectsChanged) {
	}

}
