package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.ingest.EventPartitionsDropped;
import io.trailscope.ingest.EventsIngested;

/**
 * Keeps the rollups in step with the events table, off the loaders' threads: after a
 * load, one worker adds the events of every object loaded since its last round to the
 * rows of their hours and days, in one transaction that also records the objects as
 * counted. A load's rows are new events (the loader stores an event once), so adding them
 * is exact; an object that was counted before (loaded again, or met by a rebuild) has its
 * hours recounted from the events table instead, never added twice. A round that failed,
 * or a load committed while the process was down, is counted at the next start; with no
 * rollups at all they are rebuilt from the events table.
 */
@Service
public class EventCountsWorker implements ApplicationRunner, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EventCountsWorker.class);

	/** How long a failed round waits before its objects are tried again. */
	static final Duration RETRY = Duration.ofSeconds(30);

	/** Objects per transaction: bounds the lock's hold. */
	static final int BATCH = 500;

	private final EventCounts counts;

	private final SearchProperties properties;

	private final TransactionTemplate transactions;

	private final Set<Long> pending = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final ScheduledExecutorService worker;

	private volatile boolean rebuiltAtStart;

	EventCountsWorker(EventCounts counts, SearchProperties properties, PlatformTransactionManager transactionManager) {
		this.counts = counts;
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactionManager);
		this.worker = properties.countsDelay().isZero() ? null : Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "event-counts");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Ingest has committed new events: recount their hours. A failure here never fails
	 * the ingest.
	 */
	@EventListener
	void onEventsIngested(EventsIngested ingested) {
		if (this.worker == null) {
			countQuietly(List.of(ingested.objectId()));
			return;
		}
		this.pending.add(ingested.objectId());
		if (this.scheduled.compareAndSet(false, true)) {
			this.worker.schedule(this::drain, this.properties.countsDelay().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Retention dropped whole months: their rollups go in the same transaction (the
	 * listener runs in the publisher's), so no count outlives its events.
	 */
	@EventListener
	void onPartitionsDropped(EventPartitionsDropped dropped) {
		this.counts.lock();
		dropped.months().forEach(month -> this.counts.deleteBetween(month.from(), month.to()));
	}

	private void drain() {
		// cleared first, so an object added while this round runs schedules the next one
		this.scheduled.set(false);
		List<Long> objects = new ArrayList<>(this.pending);
		this.pending.removeAll(objects);
		Collections.sort(objects);
		batches(objects).forEach(this::countQuietly);
	}

	private void countQuietly(List<Long> objectIds) {
		try {
			count(objectIds);
		}
		catch (RuntimeException ex) {
			log.warn("Could not count the events of {} object(s) into the rollups (tried again in {}): {}",
					objectIds.size(), RETRY, ex.getMessage(), ex);
			if (this.worker != null) {
				// a lock timeout or a restart of the database passes; what never does
				// waits for the next start
				this.pending.addAll(objectIds);
				this.worker.schedule(this::drain, RETRY.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/** Recounts the hours of these ingested objects, in one transaction; idempotent. */
	public void count(List<Long> objectIds) {
		if (objectIds.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult(status -> {
			this.counts.lock();
			List<Long> seen = this.counts.counted(objectIds);
			List<Long> fresh = objectIds.stream().filter(id -> !seen.contains(id)).toList();
			if (!fresh.isEmpty()) {
				this.counts.add(fresh);
				this.counts.markCounted(fresh);
			}
			if (!seen.isEmpty()) {
				this.counts.recount(this.counts.hoursOf(seen));
			}
		});
	}

	/**
	 * At start-up: rebuild when there are events but no rollups, else catch up on objects
	 * not counted.
	 */
	@Override
	public void run(ApplicationArguments args) {
		try {
			if (this.counts.needsRebuild()) {
				long started = System.nanoTime();
				int days = rebuildAll();
				this.rebuiltAtStart = true;
				log.info("Rebuilt the rollups of {} day(s) of events in {} s", days,
						(System.nanoTime() - started) / 1_000_000_000);
			}
			else {
				batches(this.counts.pendingObjects()).forEach(this::count);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not bring the rollups up to date at start-up: {}", ex.getMessage(), ex);
		}
	}

	/**
	 * Deletes the rollups and counts every day of the events table again, one transaction
	 * a day, recording the objects of each day as counted with it: a load that the worker
	 * has still to handle is then recounted by it, never added on top.
	 * @return the days counted
	 */
	public int rebuildAll() {
		this.transactions.executeWithoutResult(status -> {
			this.counts.lock();
			this.counts.deleteAll();
		});
		int days = 0;
		for (Instant day = this.counts.nextDayWithEvents(null); day != null; day = this.counts
			.nextDayWithEvents(day.plus(Duration.ofDays(1)))) {
			SortedSet<Instant> hours = new TreeSet<>();
			for (int h = 0; h < 24; h++) {
				hours.add(day.plusSeconds(3600L * h));
			}
			Instant start = day;
			this.transactions.executeWithoutResult(status -> {
				this.counts.lock();
				this.counts.recount(hours);
				this.counts.markCountedBetween(start, start.plus(Duration.ofDays(1)));
			});
			days++;
		}
		return days;
	}

	/**
	 * True when this process found events without rollups and rebuilt them as it started.
	 */
	public boolean rebuiltAtStart() {
		return this.rebuiltAtStart;
	}

	@Override
	public void destroy() {
		if (this.worker != null) {
			// what is still pending is found at the next start
			this.worker.shutdownNow();
		}
	}

	private static List<List<Long>> batches(List<Long> objects) {
		List<List<Long>> batches = new ArrayList<>();
		for (int i = 0; i < objects.size(); i += BATCH) {
			batches.add(objects.subList(i, Math.min(objects.size(), i + BATCH)));
		}
		return batches;
	}

}
