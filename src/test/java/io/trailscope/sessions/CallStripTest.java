package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallStripTest {

	static final Instant T = Instant.parse("2024-05-01T09:17:23Z");

	@Test
	void binsAFewSecondsOfCallsBySecond() {
		CallStrip.Bins bins = CallStrip.bins(T, T.plusSeconds(25));

		assertThat(bins.step()).isEqualTo(Duration.ofSeconds(1));
		assertThat(bins.origin()).isEqualTo(T);
		assertThat(bins.count()).isEqualTo(26);
	}

	@Test
	void picksTheRoundestStepThatKeepsTheBinsFew() {
		CallStrip.Bins hours = CallStrip.bins(T, T.plus(Duration.ofHours(6)));
		assertThat(hours.step()).isEqualTo(Duration.ofMinutes(5));
		assertThat(hours.origin()).isEqualTo(Instant.parse("2024-05-01T09:15:00Z"));
		assertThat(hours.count()).isLessThanOrEqualTo(CallStrip.MOST_BINS);
		assertThat(hours.end()).isAfter(T.plus(Duration.ofHours(6)));

		CallStrip.Bins year = CallStrip.bins(T, T.plus(Duration.ofDays(400)));
		assertThat(year.step().toSeconds() % 86400).isZero();
		assertThat(year.count()).isLessThanOrEqualTo(CallStrip.MOST_BINS);
		assertThat(year.end()).isAfter(T.plus(Duration.ofDays(400)));
	}

	@Test
	void givesASingleCallOneBin() {
		CallStrip.Bins bins = CallStrip.bins(T, T);
		CallStrip strip = CallStrip.of(bins, Map.of(T, new long[] { 1, 1 }), null, null, (from, to) -> from + "/" + to);

		assertThat(strip.bins()).singleElement().satisfies(bin -> {
			assertThat(bin.url()).isEqualTo(T + "/" + T.plusSeconds(1));
			assertThat(bin.width()).isEqualTo(999.0);
			assertThat(bin.callHeight()).isEqualTo(CallStrip.CALLS_HEIGHT);
			assertThat(bin.errorHeight()).isEqualTo(CallStrip.ERRORS_HEIGHT);
			assertThat(bin.label()).endsWith(": 1 call, 1 error");
		});
	}

	@Test
	void drawsOnlyBinsWithCallsAndMarksThoseInTheSlice() {
		CallStrip.Bins bins = CallStrip.bins(T, T.plusSeconds(9));
		CallStrip strip = CallStrip.of(bins, Map.of(T, new long[] { 4, 0 }, T.plusSeconds(5), new long[] { 2, 1 },
				T.plusSeconds(9), new long[] { 1, 0 }), T.plusSeconds(5), T.plusSeconds(6), (from, to) -> "");

		assertThat(strip.bins()).extracting(CallStrip.Bin::calls).containsExactly(4L, 2L, 1L);
		assertThat(strip.bins()).extracting(CallStrip.Bin::selected).containsExactly(false, true, false);
		assertThat(strip.bins().get(1).callHeight()).isEqualTo(CallStrip.CALLS_HEIGHT / 2.0);
		assertThat(strip.bins().get(0).errorHeight()).isZero();
	}

}
