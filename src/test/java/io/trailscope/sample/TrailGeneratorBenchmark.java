package io.trailscope.sample;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.trailscope.sample.TrailGenerator.Settings;

/**
 * The generator's speed, not a test: run with
 * {@code ./mvnw test -Dtest=TrailGeneratorBenchmark -Dtrailscope.bench.generator=1000000}.
 * Generates that many events over the default seven days twice (the first run warms up
 * the JIT) and prints events per second of wall time and of the generating thread's CPU
 * time, and the gzipped bytes.
 */
@EnabledIfSystemProperty(named = "trailscope.bench.generator", matches = "\\d+")
class TrailGeneratorBenchmark {

	@Test
	void generate() {
		long events = Long.getLong("trailscope.bench.generator");
		Settings settings = Settings.defaults(Instant.parse("2025-06-08T00:00:00Z"));
		run(settings, Math.min(events, 200_000), "warm-up");
		run(settings, events, "measured");
	}

	private static void run(Settings settings, long events, String label) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long[] totals = new long[3];
		long cpu = threads.getCurrentThreadCpuTime();
		long wall = System.nanoTime();
		new TrailGenerator(settings).generate(events, file -> {
			totals[0]++;
			totals[1] += file.records();
			totals[2] += file.gzipped().length;
		});
		double wallSeconds = (System.nanoTime() - wall) / 1e9;
		double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
		System.out.printf(Locale.ROOT,
				"TrailGenerator %s: %,d records in %,d files (%,.1f MB gzipped) in %.1f s: %,.0f events/s wall, "
						+ "%,.0f events per CPU second%n",
				label, totals[1], totals[0], totals[2] / 1e6, wallSeconds, totals[1] / wallSeconds,
				totals[1] / cpuSeconds);
	}

}
