package io.trailscope.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of search and its aggregations ({@code trailscope.search.*}).
 *
 * @param statementTimeout the longest any one query of a page or an aggregation, or one
 * batch of an export, may run in the database; past it the query is cancelled and the
 * page says so
 * @param countsDelay how long after a load the rollups of its hours are recounted, with
 * every load of that while in the same round; zero recounts in the loader's thread
 * @param sampleRows about how many events of the range a sampled aggregation reads
 * @param exactRows an aggregation that the rollups cannot answer is exact when at most
 * this many events match, and sampled otherwise
 * @param exportIdleTimeout the longest an export may wait on a reader that stopped
 * reading; past it the export ends and its database connection is given back
 */
@ConfigurationProperties("trailscope.search")
record SearchProperties(@DefaultValue("30s") Duration statementTimeout, @DefaultValue("1s") Duration countsDelay,
		@DefaultValue("150000") int sampleRows, @DefaultValue("20000") int exactRows,
		@DefaultValue("60s") Duration exportIdleTimeout) {

	SearchProperties {
		if (statementTimeout.isNegative() || statementTimeout.isZero() || countsDelay.isNegative()
				|| exportIdleTimeout.isNegative() || exportIdleTimeout.isZero()) {
			throw new IllegalArgumentException(
					"trailscope.search: the timeouts must be positive and the delay not negative");
		}
		if (sampleRows < 1000 || exactRows < 1000) {
			throw new IllegalArgumentException("trailscope.search: sample-rows and exact-rows are at least 1000");
		}
	}
}
