package io.trailscope.ingest.console;

import java.time.Duration;

/**
 * How far behind the latest S3 files are.
 *
 * @param medianEvent median time from an event happening to it being stored
 * @param maxEvent the longest such time
 * @param events how many events that was measured over
 * @param medianObject median time from S3 writing a file to its events being stored
 * @param maxObject the longest such time
 * @param files how many files that was measured over
 */
record IngestLag(Duration medianEvent, Duration maxEvent, long events, Duration medianObject, Duration maxObject,
		long files) {

	/**
	 * A duration the way people read one: {@code 45s}, {@code 3m 12s}, {@code 2h 5m},
	 * {@code 400d}.
	 */
	static String human(Duration duration) {
		if (duration == null) {
			return "—";
		}
		long seconds = Math.max(0, duration.toSeconds());
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "s");
		}
		if (seconds < 86400) {
			return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + "m");
		}
		return seconds / 86400 + "d" + (seconds % 86400 / 3600 == 0 ? "" : " " + seconds % 86400 / 3600 + "h");
	}
}
