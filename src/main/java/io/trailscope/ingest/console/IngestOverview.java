package io.trailscope.ingest.console;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.trailscope.ingest.EventPartitions;
import io.trailscope.ingest.IngestProperties;
import io.trailscope.ingest.TrustedSources;
import io.trailscope.ingest.retention.Retention;
import io.trailscope.ingest.s3.Backfill;
import io.trailscope.ingest.s3.BackfillRun;

/**
 * What the Ingest page shows, gathered from the ledger, the running jobs and backfills,
 * the partitions and the settings. The live part is what the page polls while something
 * runs; it reads only recent ledger rows (served by the {@code updated_at} indexes). The
 * totals read the whole ledger and are shown on full page loads only.
 */
@Component
class IngestOverview {

	static final int LATEST = 50;

	static final int FAILED_SHOWN = 200;

	static final int CHART_MINUTES = 60;

	static final int LAG_FILES = 20;

	static final int BACKFILLS_SHOWN = 10;

	private final IngestPageReads reads;

	private final EventPartitions partitions;

	private final LoadJobs jobs;

	private final Backfill backfill;

	private final Retention retention;

	private final IngestProperties ingest;

	private final TrustedSources sources;

	IngestOverview(IngestPageReads reads, EventPartitions partitions, LoadJobs jobs, Backfill backfill,
			Retention retention, IngestProperties ingest, TrustedSources sources) {
		this.reads = reads;
		this.partitions = partitions;
		this.jobs = jobs;
		this.backfill = backfill;
		this.retention = retention;
		this.ingest = ingest;
		this.sources = sources;
	}

	Live live() {
		List<LoadJob.Progress> recentJobs = this.jobs.recent();
		List<BackfillRun> backfills = this.backfill.recent(BACKFILLS_SHOWN);
		IngestPageReads.FailedObjects failedObjects = this.reads.failedObjects(FAILED_SHOWN);
		List<FailedFile> failed = failedObjects.newest()
			.stream()
			.map(entry -> new FailedFile(entry, LoadJobs.cannotRetry(entry)))
			.toList();
		boolean running = recentJobs.stream().anyMatch(LoadJob.Progress::running)
				|| backfills.stream().anyMatch(BackfillRun::running);
		Instant now = Instant.now();
		return new Live(recentJobs, backfills, Activity.of(this.reads.activitySince(chartStart(now)), chartStart(now)),
				this.reads.lag(LAG_FILES), this.reads.latestObjects(LATEST), failed, failedObjects.total(), running,
				this.ingest.listening());
	}

	Totals totals() {
		List<MonthCount> months = new ArrayList<>();
		long events = 0;
		boolean estimated = false;
		for (EventPartitions.Partition partition : this.partitions.list()) {
			long rows;
			boolean estimate = partition.estimatedRows() >= 0 || partition.from() == null;
			if (estimate) {
				rows = Math.max(0, partition.estimatedRows());
			}
			else {
				// never analysed yet (new, or small): count it, through partition pruning
				rows = this.reads.countEvents(partition.from(), partition.to());
			}
			estimated |= estimate && rows > 0;
			events += rows;
			months.add(new MonthCount(partition.name(), partition.month(), rows, estimate));
		}
		return new Totals(Instant.now(), this.reads.statusCounts(), this.reads.skipCounts(), months, events, estimated);
	}

	/**
	 * The settings, with the oldest kept month read from the totals' partitions rather
	 * than asked again.
	 */
	Settings settings(Totals totals) {
		YearMonth oldest = totals.months()
			.stream()
			.map(MonthCount::month)
			.filter(month -> month != null)
			.findFirst()
			.orElse(null);
		return new Settings(this.ingest.listening(), this.ingest.queue(), this.retention.maxAge(), oldest,
				this.retention.lastRun().orElse(null), this.sources);
	}

	private static Instant chartStart(Instant now) {
		return now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(CHART_MINUTES - 1));
	}

	/** A failed file and, if it cannot be retried from the page, why not. */
	record FailedFile(LedgerEntry entry, String cannotRetry) {

		public boolean retryable() {
			return this.cannotRetry == null;
		}
	}

	/**
	 * The part of the page that changes while loads run.
	 *
	 * @param running an upload, retry or backfill is in progress: the page polls every 2
	 * s
	 * @param listening the queue listener is on: files arrive on their own, the page
	 * polls slowly
	 */
	record Live(List<LoadJob.Progress> jobs, List<BackfillRun> backfills, Activity activity, IngestLag lag,
			List<LedgerEntry> latest, List<FailedFile> failed, long failedCount, boolean running, boolean listening) {

		/** The htmx trigger of the polled section, or null to stop polling. */
		public String pollTrigger() {
			if (this.running) {
				return "every 2s";
			}
			return this.listening ? "every 10s" : null;
		}
	}

	/**
	 * Files and events finished per minute over the chart's hour, with bar geometry for
	 * the SVG.
	 */
	record Activity(List<Bar> bars, long files, long events, long failed, long maxFiles, long maxEvents) {

		static final int BAR_WIDTH = 10;

		static final int HEIGHT = 60;

		static Activity of(List<MinuteActivity> minutes, Instant start) {
			Map<Instant, MinuteActivity> byMinute = new HashMap<>();
			minutes.forEach(m -> byMinute.put(m.minute(), m));
			long maxFiles = minutes.stream().mapToLong(MinuteActivity::files).max().orElse(0);
			long maxEvents = minutes.stream().mapToLong(MinuteActivity::events).max().orElse(0);
			List<Bar> bars = new ArrayList<>(CHART_MINUTES);
			for (int i = 0; i < CHART_MINUTES; i++) {
				Instant minute = start.plus(Duration.ofMinutes(i));
				MinuteActivity m = byMinute.getOrDefault(minute, new MinuteActivity(minute, 0, 0, 0));
				bars.add(new Bar(minute, m.files(), m.events(), m.failed(), i * BAR_WIDTH, height(m.files(), maxFiles),
						height(m.failed(), maxFiles), height(m.events(), maxEvents)));
			}
			return new Activity(bars, minutes.stream().mapToLong(MinuteActivity::files).sum(),
					minutes.stream().mapToLong(MinuteActivity::events).sum(),
					minutes.stream().mapToLong(MinuteActivity::failed).sum(), maxFiles, maxEvents);
		}

		public int width() {
			return CHART_MINUTES * BAR_WIDTH;
		}

		public int height() {
			return HEIGHT;
		}

		private static int height(long value, long max) {
			if (value <= 0 || max <= 0) {
				return 0;
			}
			return (int) Math.max(1, Math.round((double) value / max * HEIGHT));
		}
	}

	/** One minute of the chart. */
	record Bar(Instant minute, long files, long events, long failed, int x, int filesHeight, int failedHeight,
			int eventsHeight) {

		public int filesY() {
			return Activity.HEIGHT - this.filesHeight;
		}

		/** The failed files of the minute: the bottom part of its files bar. */
		public int failedY() {
			return Activity.HEIGHT - this.failedHeight;
		}

		public int eventsY() {
			return Activity.HEIGHT - this.eventsHeight;
		}

		public int width() {
			return Activity.BAR_WIDTH - 2;
		}

		public String title() {
			return this.minute + ": " + this.files + " files, " + this.events + " new events"
					+ (this.failed > 0 ? ", " + this.failed + " failed" : "");
		}
	}

	/**
	 * Events stored in one partition: the planner's estimate, or counted while it has
	 * none.
	 */
	record MonthCount(String partition, YearMonth month, long events, boolean estimated) {
	}

	/**
	 * The whole ledger and event store, as of a time (not polled: they read the whole
	 * ledger).
	 *
	 * @param events events stored over all partitions
	 * @param estimated some of that is the planner's estimate rather than a count
	 */
	record Totals(Instant at, List<StatusCount> statuses, List<SkipCount> skipped, List<MonthCount> months, long events,
			boolean estimated) {
	}

	/**
	 * @param listening whether this instance consumes the queue
	 * @param queue the queue configured, if any
	 * @param maxAge retention, null to keep forever
	 * @param oldestKept the first month stored
	 * @param lastRetention the last retention run since start, if any
	 * @param sources which buckets and prefixes may be read
	 */
	record Settings(boolean listening, String queue, Duration maxAge, YearMonth oldestKept, Retention.Run lastRetention,
			TrustedSources sources) {

		public String maxAgeText() {
			return this.maxAge == null ? null : IngestLag.human(this.maxAge);
		}
	}

}
