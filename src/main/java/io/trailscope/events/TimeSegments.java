package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A time window cut into what each source answers exactly: whole days from the daily
 * rollups, whole hours from the hourly ones, and the partial hours at the ends from the
 * events table. Open bounds (null) are whole days on that side: the rollup of the current
 * day is recounted as loads arrive, so it covers its events as they are.
 *
 * @param days windows of day rows, bounds null where open
 * @param hours windows of hour rows
 * @param events windows of events read directly: the partial hours at the ends, at most
 * two and each under an hour; or, when the window holds no whole hour, the window itself
 * in one (under two hours when it crosses an hour boundary)
 */
record TimeSegments(List<Window> days, List<Window> hours, List<Window> events) {

	/** [from, to), either bound null where open. */
	record Window(Instant from, Instant to) {
	}

	/** Whether the window is whole days only: what the day-only cuboids can answer. */
	boolean wholeDays() {
		return this.hours.isEmpty() && this.events.isEmpty();
	}

	/**
	 * Cuts {@code [from, to)}; {@code hoursOnly} uses no day rows (for histogram steps
	 * under a day).
	 */
	static TimeSegments of(Instant from, Instant to, boolean hoursOnly) {
		List<Window> days = new ArrayList<>();
		List<Window> hours = new ArrayList<>();
		List<Window> events = new ArrayList<>();
		if (hoursOnly) {
			if (from == null || to == null) {
				throw new IllegalArgumentException("an hourly cut needs both bounds");
			}
			hours(from, to, hours, events);
			return new TimeSegments(days, hours, events);
		}
		Instant lowDay = (from == null) ? null : ceil(from, ChronoUnit.DAYS);
		Instant highDay = (to == null) ? null : to.truncatedTo(ChronoUnit.DAYS);
		if (lowDay != null && highDay != null && !lowDay.isBefore(highDay)) {
			hours(from, to, hours, events);
			return new TimeSegments(days, hours, events);
		}
		if (from != null && from.isBefore(lowDay)) {
			hours(from, lowDay, hours, events);
		}
		days.add(new Window(lowDay, highDay));
		if (to != null && highDay.isBefore(to)) {
			hours(highDay, to, hours, events);
		}
		return new TimeSegments(days, hours, events);
	}

	private static void hours(Instant from, Instant to, List<Window> hours, List<Window> events) {
		if (!from.isBefore(to)) {
			return;
		}
		Instant lowHour = ceil(from, ChronoUnit.HOURS);
		Instant highHour = to.truncatedTo(ChronoUnit.HOURS);
		if (!lowHour.isBefore(highHour)) {
			events.add(new Window(from, to));
			return;
		}
		if (from.isBefore(lowHour)) {
			events.add(new Window(from, lowHour));
		}
		hours.add(new Window(lowHour, highHour));
		if (highHour.isBefore(to)) {
			events.add(new Window(highHour, to));
		}
	}

	private static Instant ceil(Instant instant, ChronoUnit unit) {
		Instant floor = instant.truncatedTo(unit);
		return floor.equals(instant) ? floor : floor.plus(Duration.of(1, unit));
	}
}
