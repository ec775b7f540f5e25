package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A session's calls over its active time (first to last call), as bins of one step: their
 * counts, and the geometry of the SVG strip that draws them in a {@value #WIDTH} ×
 * {@value #HEIGHT} view box (attributes only, never styles), the calls above and their
 * errors in a row of their own below. Only bins with calls are kept; each links to the
 * slice of time it counts.
 *
 * @param first the start of the first bin, null when there are no bins
 * @param last the end of the last bin, null when there are no bins
 */
record CallStrip(Duration step, List<Bin> bins, long maxCalls, long maxErrors, Instant first, Instant last) {

	static final int WIDTH = 1000;

	static final int HEIGHT = 64;

	static final int CALLS_HEIGHT = 44;

	static final int ERRORS_TOP = 50;

	static final int ERRORS_HEIGHT = HEIGHT - ERRORS_TOP;

	/**
	 * Enough bins to see bursts and pauses across the page's width, few enough that each
	 * is a target a pointer can hit.
	 */
	static final int MOST_BINS = 120;

	static final CallStrip EMPTY = new CallStrip(Duration.ZERO, List.of(), 0, 0, null, null);

	/** Round steps, in seconds, so that bins start on round times; then whole days. */
	private static final long[] STEPS = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
			43200, 86400 };

	private static final long DAY = 86400;

	/** Where the bins start, their step and how many there are. */
	record Bins(Instant origin, Duration step, int count) {

		Instant end() {
			return this.origin.plus(this.step.multipliedBy(this.count));
		}

	}

	/**
	 * The roundest step that covers {@code first} to {@code last} in at most
	 * {@value #MOST_BINS} bins, the bins aligned on multiples of the step.
	 */
	static Bins bins(Instant first, Instant last) {
		long from = first.getEpochSecond();
		long to = Math.max(from, last.getEpochSecond());
		for (long step : STEPS) {
			Bins bins = aligned(from, to, step);
			if (bins.count() <= MOST_BINS) {
				return bins;
			}
		}
		long span = DAY * (MOST_BINS - 1);
		long days = Math.max(1, (to - from + span) / span);
		return aligned(from, to, days * DAY);
	}

	private static Bins aligned(long from, long to, long step) {
		long origin = Math.floorDiv(from, step) * step;
		long count = Math.floorDiv(to - origin, step) + 1;
		return new Bins(Instant.ofEpochSecond(origin), Duration.ofSeconds(step),
				(int) Math.min(count, Integer.MAX_VALUE));
	}

	/**
	 * The strip of counts per bin start ({@code [calls, errors]}), with the bins that
	 * overlap the slice shown ({@code sliceFrom}, {@code sliceTo}, each null when open)
	 * marked as selected.
	 */
	static CallStrip of(Bins bins, Map<Instant, long[]> counts, Instant sliceFrom, Instant sliceTo,
			BiFunction<Instant, Instant, String> sliceUrl) {
		long maxCalls = counts.values().stream().mapToLong(c -> c[0]).max().orElse(0);
		long maxErrors = counts.values().stream().mapToLong(c -> c[1]).max().orElse(0);
		boolean sliced = sliceFrom != null || sliceTo != null;
		double width = (double) WIDTH / bins.count();
		List<Bin> drawn = new ArrayList<>();
		for (int i = 0; i < bins.count(); i++) {
			Instant from = bins.origin().plus(bins.step().multipliedBy(i));
			long[] count = counts.get(from);
			if (count == null || count[0] == 0) {
				continue;
			}
			Instant to = from.plus(bins.step());
			double callHeight = Math.max(2, (double) count[0] / maxCalls * CALLS_HEIGHT);
			double errorHeight = (count[1] == 0) ? 0 : Math.max(3, (double) count[1] / maxErrors * ERRORS_HEIGHT);
			boolean selected = sliced && (sliceTo == null || from.isBefore(sliceTo))
					&& (sliceFrom == null || to.isAfter(sliceFrom));
			drawn.add(new Bin(from, to, count[0], count[1], round(i * width), round(Math.max(width - 1, 1)),
					round(CALLS_HEIGHT - callHeight), round(callHeight), round(HEIGHT - errorHeight),
					round(errorHeight), sliceUrl.apply(from, to), selected));
		}
		return new CallStrip(bins.step(), List.copyOf(drawn), maxCalls, maxErrors, bins.origin(), bins.end());
	}

	public boolean isEmpty() {
		return this.bins.isEmpty();
	}

	public int width() {
		return WIDTH;
	}

	public int height() {
		return HEIGHT;
	}

	/** The line between the calls and the errors below them. */
	public int baselineY() {
		return ERRORS_TOP - 3;
	}

	/** "1 s", "5 min", "2 h", "1 d". */
	public String stepLabel() {
		long seconds = this.step.toSeconds();
		if (seconds % DAY == 0) {
			return (seconds / DAY) + " d";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + " h";
		}
		if (seconds % 60 == 0) {
			return (seconds / 60) + " min";
		}
		return seconds + " s";
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * One bin with calls: its slice of time, its counts, the link narrowing the calls to
	 * it, and the places of its bars (calls, errors) in the view box.
	 */
	record Bin(Instant from, Instant to, long calls, long errors, double x, double width, double callY,
			double callHeight, double errorY, double errorHeight, String url, boolean selected) {

		public String label() {
			return this.from + " – " + this.to + ": " + this.calls + (this.calls == 1 ? " call" : " calls")
					+ ((this.errors == 0) ? "" : ", " + this.errors + (this.errors == 1 ? " error" : " errors"));
		}

	}

}
