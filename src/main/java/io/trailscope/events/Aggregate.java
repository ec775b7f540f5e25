package io.trailscope.events;

import java.time.Instant;
import java.util.List;

/**
 * The answers of the aggregations (facets, histogram, group-by) and how each was reached,
 * so that every page and JSON answer can say whether a number is exact or an estimate,
 * and from what.
 */
final class Aggregate {

	private Aggregate() {
	}

	/** How an answer was reached. */
	enum Method {

		/** From the rollups (and the events of the partial hours at the ends): exact. */
		ROLLUPS,

		/** Every matching event was read: exact. */
		EXACT,

		/**
		 * A random sample of the range's events was read and the counts scaled: an
		 * estimate.
		 */
		SAMPLE;

		public boolean estimate() {
			return this == SAMPLE;
		}

	}

	/**
	 * @param method how the numbers were reached
	 * @param sampled how many events of the range the sample read (0 unless sampled)
	 * @param matched how many of those matched (0 unless sampled)
	 * @param elapsedMs how long the database took
	 */
	record Basis(Method method, long sampled, long matched, long elapsedMs) {

		public boolean estimate() {
			return this.method.estimate();
		}

		/**
		 * What the page says under the numbers: "exact", "≈ from a sample of 150,000
		 * events".
		 */
		public String label() {
			return switch (this.method) {
				case ROLLUPS, EXACT -> "exact";
				case SAMPLE -> String.format("≈ estimated from a random sample of %,d events (%,d matching)",
						this.sampled, this.matched);
			};
		}

		/** The least exact of two bases, with both times. */
		Basis and(Basis other) {
			Basis worse = other.estimate() && !estimate() ? other : this;
			return new Basis(worse.method, worse.sampled, worse.matched, this.elapsedMs + other.elapsedMs);
		}
	}

	/**
	 * One facet value.
	 *
	 * @param value the value, or null for events without one (null or empty): shown as
	 * "(none)"
	 * @param count how many events have it (scaled when sampled)
	 */
	record Value(String value, long count) {
	}

	/** The top values of one facet, each facet exact or estimated on its own. */
	record Facet(FacetSpec spec, List<Value> values, Basis basis) {
	}

	/** One group of the group-by view. */
	record Group(List<String> values, long count, Instant firstSeen, Instant lastSeen, Long distinct) {
	}

	/**
	 * The group-by answer: the groups in the order asked, and what the groups cut off add
	 * up to.
	 *
	 * @param total the count of every matching event
	 * @param groups how many groups there are in all
	 */
	record Groups(List<Group> rows, long other, long total, int groups, Basis basis) {
	}

	/** The first and last event of all time, and how many there are. */
	record Span(Instant first, Instant last, long events) {
	}

	/** A histogram and how its counts were reached. */
	record Bars(Histogram histogram, Basis basis) {
	}

}
