package io.trailscope.ingest.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.util.unit.DataSize;

/**
 * How much one object may ask of the loader. Objects and records come from whoever can
 * write to the trail bucket, send to the queue or upload a file, so each limit stands
 * between them and the heap, the CPU or the partitions of the store. The defaults are far
 * above anything CloudTrail writes: a log file holds minutes of events (a few megabytes),
 * a record at most a few hundred kilobytes, nested a dozen levels.
 *
 * @param maxObjectSize the most bytes one object may hold once decompressed; reading
 * stops there and the object fails, keeping the records before
 * @param maxZipEntries the most entries an imported or uploaded zip may have; a zip with
 * more is refused before any entry is read
 * @param maxRecordSize the most bytes of JSON one record may take; a larger record is
 * skipped without being built in memory and rejected, and the records around it load
 * @param maxRecordTokens the most JSON tokens (names, values, brackets) one record may
 * have, which bounds the memory its tree takes whatever its shape
 * @param maxNestingDepth how deep objects and arrays may nest in one record
 * @param earliestEventTime records whose {@code eventTime} is before this day (UTC) are
 * rejected: CloudTrail did not exist, and each month of events gets a partition of its
 * own
 * @param maxEventTimeAhead records whose {@code eventTime} is further than this ahead of
 * the loader's clock are rejected, for the same reason
 */
@ConfigurationProperties("trailscope.ingest.limits")
public record IngestLimits(@DefaultValue("2GB") DataSize maxObjectSize, @DefaultValue("100000") int maxZipEntries,
		@DefaultValue("8MB") DataSize maxRecordSize, @DefaultValue("1000000") long maxRecordTokens,
		@DefaultValue("100") int maxNestingDepth,
		@DefaultValue("2013-01-01") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate earliestEventTime,
		@DefaultValue("1d") Duration maxEventTimeAhead) {

	/**
	 * Deeper records would risk the stack of the code that walks them (redaction, search
	 * terms, the detail page).
	 */
	private static final int DEEPEST = 1000;

	/**
	 * Larger records could not be held in one array, nor be a field of PostgreSQL's COPY.
	 */
	private static final DataSize LARGEST_RECORD = DataSize.ofMegabytes(512);

	public IngestLimits {
		maxObjectSize = maxObjectSize == null ? DataSize.ofGigabytes(2) : maxObjectSize;
		maxRecordSize = maxRecordSize == null ? DataSize.ofMegabytes(8) : maxRecordSize;
		earliestEventTime = earliestEventTime == null ? LocalDate.of(2013, 1, 1) : earliestEventTime;
		maxEventTimeAhead = maxEventTimeAhead == null ? Duration.ofDays(1) : maxEventTimeAhead;
		if (maxRecordSize.toBytes() < 1024 || maxRecordSize.compareTo(LARGEST_RECORD) > 0) {
			throw new IllegalArgumentException(
					"trailscope.ingest.limits.max-record-size must be between 1KB and 512MB");
		}
		if (maxObjectSize.compareTo(maxRecordSize) < 0) {
			throw new IllegalArgumentException(
					"trailscope.ingest.limits.max-object-size must be at least trailscope.ingest.limits.max-record-size");
		}
		if (maxZipEntries < 1 || maxRecordTokens < 1) {
			throw new IllegalArgumentException(
					"trailscope.ingest.limits.max-zip-entries and .max-record-tokens must be at least 1");
		}
		if (maxNestingDepth < 2 || maxNestingDepth > DEEPEST) {
			throw new IllegalArgumentException(
					"trailscope.ingest.limits.max-nesting-depth must be between 2 and " + DEEPEST);
		}
		if (maxEventTimeAhead.isNegative()) {
			throw new IllegalArgumentException("trailscope.ingest.limits.max-event-time-ahead must not be negative");
		}
	}

	/** The defaults, for code that runs without the application's settings. */
	public static IngestLimits defaults() {
		return new IngestLimits(null, 100_000, null, 1_000_000, 100, null, null);
	}

	/** The first instant an event may have. */
	Instant earliestEvent() {
		return this.earliestEventTime.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** The last instant an event may have, by this clock. */
	Instant latestEvent(Clock clock) {
		return clock.instant().plus(this.maxEventTimeAhead);
	}

	/**
	 * A size as people read it: {@code 2 GiB}, {@code 8 MiB}, {@code 300 KiB} or bytes.
	 */
	public static String describe(long bytes) {
		String[] units = { "bytes", "KiB", "MiB", "GiB", "TiB" };
		int unit = 0;
		long value = bytes;
		while (unit < units.length - 1 && value >= 1024 && value % 1024 == 0) {
			value /= 1024;
			unit++;
		}
		return value + " " + units[unit];
	}
}
