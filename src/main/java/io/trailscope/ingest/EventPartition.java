package io.trailscope.ingest;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A partition of {@code events} with the bounds PostgreSQL holds for it.
 *
 * @param name the partition's table name
 * @param from its inclusive lower bound, or null if it has no range (a default partition)
 * @param to its exclusive upper bound, or null if it has no range
 * @param estimatedRows the planner's estimate, -1 before the partition is first analysed
 */
public record EventPartition(String name, Instant from, Instant to, long estimatedRows) {

	/** The month the partition starts in (UTC), or null. */
	public YearMonth month() {
		return this.from == null ? null : YearMonth.from(this.from.atOffset(ZoneOffset.UTC));
	}
}
