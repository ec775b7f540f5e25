package io.trailscope.ingest.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.ingest.EventPartitions;
import io.trailscope.ingest.EventPartitionsDropped;

/**
 * Drops whole monthly partitions of {@code events} once all of their month is older than
 * {@code trailscope.retention.max-age}: a {@code drop table} per month, cheap at any
 * size, instead of a bulk delete. Runs a minute after start and then daily (see
 * {@link IngestScheduling}); with no max-age it does nothing.
 *
 * <p>
 * Bounds are read from the catalog ({@code pg_inherits}, {@code relpartbound}), not from
 * the partition names. A month is dropped only when its upper bound is at or before the
 * cutoff, so the oldest kept month may hold events up to a month older than max-age.
 *
 * <p>
 * What else refers to events: the ingest ledger keeps its rows (they are small, and they
 * stop a later backfill from loading the dropped files again). Modules that derive data
 * from events (the rollups, the sessions) hear of the drop through
 * {@link EventPartitionsDropped}, published inside the same transaction, and delete what
 * derives from the dropped months with it, so nothing outlives the retention policy.
 *
 * <p>
 * Events loaded later into a month already past the cutoff (an old case's zip) create
 * that month's partition again and are dropped by the next run.
 */
@Component
public class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	private final PartitionDrops drops;

	private final EventPartitions partitions;

	private final RetentionProperties properties;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final AtomicReference<Run> lastRun = new AtomicReference<>();

	Retention(PartitionDrops drops, EventPartitions partitions, RetentionProperties properties,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher events) {
		this.drops = drops;
		this.partitions = partitions;
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactionManager);
		this.events = events;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "P1D")
	void scheduled() {
		try {
			apply();
		}
		catch (RuntimeException ex) {
			log.warn("Retention could not drop old partitions (tried again at the next run): {}", ex.getMessage(), ex);
			this.lastRun.set(new Run(Instant.now(), this.properties.maxAge(), null, List.of(), ex.getMessage()));
		}
	}

	/** Applies the configured max-age now. */
	Run apply() {
		return apply(this.properties.maxAge(), Instant.now());
	}

	/**
	 * Drops the months that ended at or before {@code now - maxAge}; nothing if maxAge is
	 * null.
	 */
	Run apply(Duration maxAge, Instant now) {
		if (maxAge == null) {
			return remember(new Run(now, null, null, List.of(), null));
		}
		Instant cutoff = now.minus(maxAge);
		Run run = this.transactions.execute(status -> {
			List<EventPartitions.Partition> dropped = this.drops.dropEndingBy(cutoff);
			if (!dropped.isEmpty()) {
				// in this transaction: what derives from these events goes with them, or
				// nothing does
				this.events.publishEvent(new EventPartitionsDropped(dropped.stream()
					.filter(p -> p.from() != null)
					.map(p -> new EventPartitionsDropped.Month(p.from(), p.to()))
					.toList()));
			}
			return new Run(now, maxAge, cutoff, dropped.stream().map(EventPartitions.Partition::name).toList(), null);
		});
		if (run.dropped().isEmpty()) {
			log.debug("Retention: no month ends before {}", cutoff);
		}
		else {
			log.info("Retention (max-age {}): dropped {} month(s) ending by {}: {}", maxAge, run.dropped().size(),
					cutoff, String.join(", ", run.dropped()));
		}
		return remember(run);
	}

	public Optional<Run> lastRun() {
		return Optional.ofNullable(this.lastRun.get());
	}

	public Duration maxAge() {
		return this.properties.maxAge();
	}

	/** The first month that still has a partition, or null if there is none. */
	YearMonth oldestKeptMonth() {
		return this.partitions.list()
			.stream()
			.map(EventPartitions.Partition::month)
			.filter(month -> month != null)
			.findFirst()
			.orElse(null);
	}

	private Run remember(Run run) {
		this.lastRun.set(run);
		return run;
	}

	/**
	 * What one run did.
	 *
	 * @param at when it ran
	 * @param maxAge the max-age applied, null if none is set
	 * @param cutoff months ending at or before this were dropped
	 * @param dropped the partitions dropped
	 * @param error why the run failed, if it did
	 */
	public record Run(Instant at, Duration maxAge, Instant cutoff, List<String> dropped, String error) {

		public Run {
			dropped = List.copyOf(dropped);
		}
	}

}
