package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matching events per time bucket, with the geometry of its SVG bars (a {@value #WIDTH} ×
 * {@value #HEIGHT} view box, drawn by the template with attributes, never styles).
 */
record Histogram(Duration step, List<Bar> bars, long max, long total) {

	static final int WIDTH = 1000;

	static final int HEIGHT = 100;

	static Histogram empty() {
		return new Histogram(Duration.ZERO, List.of(), 0, 0);
	}

	/**
	 * Buckets from the one holding {@code from} to the one holding {@code to}, empty ones
	 * included.
	 */
	static Histogram of(Instant from, Instant to, Duration step, Instant origin, Map<Instant, Long> counts) {
		long stepSeconds = step.toSeconds();
		long first = Math.floorDiv(from.getEpochSecond() - origin.getEpochSecond(), stepSeconds);
		long last = Math.floorDiv(to.minusNanos(1).getEpochSecond() - origin.getEpochSecond(), stepSeconds);
		int n = (int) Math.max(1, last - first + 1);
		long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		double width = (double) WIDTH / n;
		List<Bar> bars = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Instant start = origin.plusSeconds((first + i) * stepSeconds);
			long count = counts.getOrDefault(start, 0L);
			double height = (max == 0) ? 0 : Math.max(count > 0 ? 1 : 0, (double) count / max * HEIGHT);
			bars.add(new Bar(start, start.plus(step), count, round(i * width), round(Math.max(width - 1, 0.5)),
					round(HEIGHT - height), round(height)));
		}
		return new Histogram(step, List.copyOf(bars), max, total);
	}

	public boolean isEmpty() {
		return this.bars.isEmpty();
	}

	/** "5 min", "1 h", "1 d". */
	public String stepLabel() {
		long seconds = this.step.toSeconds();
		if (seconds % 86400 == 0) {
			return (seconds / 86400) + " d";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + " h";
		}
		return (seconds / 60) + " min";
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/** One bucket: its window, count and the bar's place in the view box. */
	record Bar(Instant from, Instant to, long count, double x, double width, double y, double height) {
	}
}
