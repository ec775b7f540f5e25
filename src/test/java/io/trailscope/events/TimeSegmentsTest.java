package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.trailscope.events.TimeSegments.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a time window is cut into day rows, hour rows and events read directly. Beside the
 * exact windows of each case, every cut must tile the window: the aggregations add up the
 * parts, so a gap loses events and an overlap counts them twice.
 */
class TimeSegmentsTest {

	@Test
	void anOpenWindowIsAllDays() {
		TimeSegments cut = TimeSegments.of(null, null, false);

		assertThat(cut.days()).containsExactly(new Window(null, null));
		assertThat(cut.hours()).isEmpty();
		assertThat(cut.events()).isEmpty();
		assertTiles(cut, null, null);
	}

	@Test
	void anOpenStartIsWholeDaysUpToTheLastDay() {
		TimeSegments cut = TimeSegments.of(null, t("2026-03-10T05:20:00Z"), false);

		assertThat(cut.days()).containsExactly(new Window(null, t("2026-03-10T00:00:00Z")));
		assertThat(cut.hours()).containsExactly(new Window(t("2026-03-10T00:00:00Z"), t("2026-03-10T05:00:00Z")));
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-10T05:00:00Z"), t("2026-03-10T05:20:00Z")));
		assertTiles(cut, null, t("2026-03-10T05:20:00Z"));
	}

	@Test
	void anOpenEndIsWholeDaysFromTheFirstWholeDay() {
		TimeSegments cut = TimeSegments.of(t("2026-03-10T05:20:00Z"), null, false);

		assertThat(cut.events()).containsExactly(new Window(t("2026-03-10T05:20:00Z"), t("2026-03-10T06:00:00Z")));
		assertThat(cut.hours()).containsExactly(new Window(t("2026-03-10T06:00:00Z"), t("2026-03-11T00:00:00Z")));
		assertThat(cut.days()).containsExactly(new Window(t("2026-03-11T00:00:00Z"), null));
		assertTiles(cut, t("2026-03-10T05:20:00Z"), null);

		// from midnight: days only
		TimeSegments fromMidnight = TimeSegments.of(t("2026-03-10T00:00:00Z"), null, false);
		assertThat(fromMidnight.days()).containsExactly(new Window(t("2026-03-10T00:00:00Z"), null));
		assertThat(fromMidnight.hours()).isEmpty();
		assertThat(fromMidnight.events()).isEmpty();
	}

	@Test
	void withinOneHourReadsTheEvents() {
		TimeSegments cut = TimeSegments.of(t("2026-03-10T10:10:00Z"), t("2026-03-10T10:50:00Z"), false);

		assertThat(cut.days()).isEmpty();
		assertThat(cut.hours()).isEmpty();
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-10T10:10:00Z"), t("2026-03-10T10:50:00Z")));
		assertTiles(cut, t("2026-03-10T10:10:00Z"), t("2026-03-10T10:50:00Z"));
	}

	@Test
	void acrossAnHourBoundaryWithoutAWholeHourReadsTheEventsInOneWindow() {
		TimeSegments cut = TimeSegments.of(t("2026-03-10T10:50:00Z"), t("2026-03-10T11:10:00Z"), false);

		assertThat(cut.days()).isEmpty();
		assertThat(cut.hours()).isEmpty();
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-10T10:50:00Z"), t("2026-03-10T11:10:00Z")));

		// up to just under two hours, still no whole hour in it
		TimeSegments longest = TimeSegments.of(t("2026-03-10T10:00:01Z"), t("2026-03-10T11:59:59Z"), false);
		assertThat(longest.hours()).isEmpty();
		assertThat(longest.events()).containsExactly(new Window(t("2026-03-10T10:00:01Z"), t("2026-03-10T11:59:59Z")));
	}

	@Test
	void wholeHoursComeFromHourRowsAndTheEndsFromTheEvents() {
		TimeSegments cut = TimeSegments.of(t("2026-03-10T10:50:00Z"), t("2026-03-10T13:10:00Z"), false);

		assertThat(cut.days()).isEmpty();
		assertThat(cut.hours()).containsExactly(new Window(t("2026-03-10T11:00:00Z"), t("2026-03-10T13:00:00Z")));
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-10T10:50:00Z"), t("2026-03-10T11:00:00Z")),
				new Window(t("2026-03-10T13:00:00Z"), t("2026-03-10T13:10:00Z")));
		assertTiles(cut, t("2026-03-10T10:50:00Z"), t("2026-03-10T13:10:00Z"));
	}

	@Test
	void acrossMidnightWithoutAWholeDayUsesHoursOnly() {
		TimeSegments cut = TimeSegments.of(t("2026-03-09T22:30:00Z"), t("2026-03-10T01:15:00Z"), false);

		assertThat(cut.days()).isEmpty();
		assertThat(cut.hours()).containsExactly(new Window(t("2026-03-09T23:00:00Z"), t("2026-03-10T01:00:00Z")));
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-09T22:30:00Z"), t("2026-03-09T23:00:00Z")),
				new Window(t("2026-03-10T01:00:00Z"), t("2026-03-10T01:15:00Z")));
		assertTiles(cut, t("2026-03-09T22:30:00Z"), t("2026-03-10T01:15:00Z"));
	}

	@Test
	void acrossDaysUsesDayRowsForTheWholeDays() {
		TimeSegments cut = TimeSegments.of(t("2026-03-09T22:30:00Z"), t("2026-03-12T01:15:00Z"), false);

		assertThat(cut.days()).containsExactly(new Window(t("2026-03-10T00:00:00Z"), t("2026-03-12T00:00:00Z")));
		assertThat(cut.hours()).containsExactly(new Window(t("2026-03-09T23:00:00Z"), t("2026-03-10T00:00:00Z")),
				new Window(t("2026-03-12T00:00:00Z"), t("2026-03-12T01:00:00Z")));
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-09T22:30:00Z"), t("2026-03-09T23:00:00Z")),
				new Window(t("2026-03-12T01:00:00Z"), t("2026-03-12T01:15:00Z")));
		assertTiles(cut, t("2026-03-09T22:30:00Z"), t("2026-03-12T01:15:00Z"));

		TimeSegments wholeDays = TimeSegments.of(t("2026-03-10T00:00:00Z"), t("2026-03-12T00:00:00Z"), false);
		assertThat(wholeDays.days()).containsExactly(new Window(t("2026-03-10T00:00:00Z"), t("2026-03-12T00:00:00Z")));
		assertThat(wholeDays.hours()).isEmpty();
		assertThat(wholeDays.events()).isEmpty();
	}

	@Test
	void hoursOnlyUsesNoDayRows() {
		TimeSegments cut = TimeSegments.of(t("2026-03-09T22:30:00Z"), t("2026-03-12T01:15:00Z"), true);

		assertThat(cut.days()).isEmpty();
		assertThat(cut.hours()).containsExactly(new Window(t("2026-03-09T23:00:00Z"), t("2026-03-12T01:00:00Z")));
		assertThat(cut.events()).containsExactly(new Window(t("2026-03-09T22:30:00Z"), t("2026-03-09T23:00:00Z")),
				new Window(t("2026-03-12T01:00:00Z"), t("2026-03-12T01:15:00Z")));
		assertTiles(cut, t("2026-03-09T22:30:00Z"), t("2026-03-12T01:15:00Z"));
		assertThatIllegalArgumentException().isThrownBy(() -> TimeSegments.of(null, t("2026-03-12T01:15:00Z"), true));
		assertThatIllegalArgumentException().isThrownBy(() -> TimeSegments.of(t("2026-03-09T22:30:00Z"), null, true));
	}

	@Test
	void anEmptyWindowHasNoParts() {
		for (boolean hoursOnly : new boolean[] { false, true }) {
			for (Instant at : List.of(t("2026-03-10T00:00:00Z"), t("2026-03-10T10:00:00Z"),
					t("2026-03-10T10:20:00Z"))) {
				TimeSegments cut = TimeSegments.of(at, at, hoursOnly);
				assertThat(cut.days()).isEmpty();
				assertThat(cut.hours()).isEmpty();
				assertThat(cut.events()).isEmpty();
			}
		}
	}

	@Test
	void anyWindowIsTiledWithTheRollupsUsedWhereverTheyCover() {
		Random random = new Random(11);
		Instant base = t("2026-03-01T00:00:00Z");
		for (int i = 0; i < 10_000; i++) {
			// bounds on whole minutes, often on hours and days, so that the edge cases
			// come up
			Instant a = base.plus(Duration.ofMinutes(random.nextInt(5) * 1440L + random.nextInt(4) * 60L
					+ (random.nextBoolean() ? 0 : random.nextInt(60))));
			Instant b = a.plus(Duration.ofMinutes(random.nextInt(4) * 1440L + random.nextInt(30) * 60L
					+ (random.nextBoolean() ? 0 : random.nextInt(60))));
			boolean hoursOnly = random.nextInt(4) == 0;
			Instant from = (!hoursOnly && random.nextInt(8) == 0) ? null : a;
			Instant to = (!hoursOnly && random.nextInt(8) == 0) ? null : b;
			TimeSegments cut = TimeSegments.of(from, to, hoursOnly);
			assertTiles(cut, from, to);
			if (hoursOnly) {
				assertThat(cut.days()).isEmpty();
			}
			else {
				// no whole day is left to the hour rows
				cut.hours().forEach(window -> assertThat(wholeUnits(window, ChronoUnit.DAYS)).as("%s", cut).isZero());
			}
			// no whole hour is left to the events, and at most one window at each end
			cut.events().forEach(window -> assertThat(wholeUnits(window, ChronoUnit.HOURS)).as("%s", cut).isZero());
			assertThat(cut.events()).hasSizeLessThanOrEqualTo(2);
		}
	}

	/**
	 * Asserts that the parts cover [from, to) without a gap or an overlap, each part
	 * non-empty, day rows on whole days and hour rows on whole hours.
	 */
	private static void assertTiles(TimeSegments cut, Instant from, Instant to) {
		List<Window> parts = new ArrayList<>();
		parts.addAll(cut.days());
		parts.addAll(cut.hours());
		parts.addAll(cut.events());
		cut.days().forEach(window -> assertAligned(window, ChronoUnit.DAYS));
		cut.hours().forEach(window -> assertAligned(window, ChronoUnit.HOURS));
		parts.sort(Comparator.comparing(TimeSegmentsTest::start));
		if (from != null && to != null && !from.isBefore(to)) {
			assertThat(parts).isEmpty();
			return;
		}
		assertThat(parts).as("%s", cut).isNotEmpty();
		Instant covered = start(new Window(from, to));
		for (Window part : parts) {
			assertThat(start(part)).as("%s of %s", part, cut).isEqualTo(covered);
			assertThat(start(part)).as("%s of %s", part, cut).isBefore(end(part));
			covered = end(part);
		}
		assertThat(covered).as("%s", cut).isEqualTo(end(new Window(from, to)));
	}

	private static void assertAligned(Window window, ChronoUnit unit) {
		for (Instant bound : new Instant[] { window.from(), window.to() }) {
			if (bound != null) {
				assertThat(bound.truncatedTo(unit)).as("%s on whole %s", window, unit).isEqualTo(bound);
			}
		}
	}

	/** How many whole units (UTC hours or days) lie inside a bounded window. */
	private static long wholeUnits(Window window, ChronoUnit unit) {
		Instant first = window.from().truncatedTo(unit);
		if (first.isBefore(window.from())) {
			first = first.plus(1, unit);
		}
		Instant last = window.to().truncatedTo(unit);
		return Math.max(0, unit.between(first, last));
	}

	private static Instant start(Window window) {
		return (window.from() != null) ? window.from() : Instant.MIN;
	}

	private static Instant end(Window window) {
		return (window.to() != null) ? window.to() : Instant.MAX;
	}

	private static Instant t(String instant) {
		return Instant.parse(instant);
	}

}
