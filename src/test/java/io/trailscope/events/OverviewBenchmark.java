package io.trailscope.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The start page at scale, not a test: run with
 * {@code ./mvnw test -Dtest=OverviewBenchmark -Dtrailscope.bench.events=1000000}.
 * Generates the events of {@link SearchBenchmark} (kept with
 * {@code -Dtrailscope.embedded.data-directory=DIR}), counts their rollups, and prints the
 * median time, through the controller, of the page and of each of its parts (each a
 * request of its own, as the page loads them) over 24 hours, 7, 30 days and all time.
 */
@TrailscopeIntegrationTest
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
@WithMockUser(roles = "ADMIN")
class OverviewBenchmark {

	private static final List<String> PARTS = List.of("", "activity", "volumes", "notable", "ingest");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EventCountsWorker counts;

	@Autowired
	MockMvc mvc;

	@Test
	void pageAndParts() throws Exception {
		long events = Long.getLong("trailscope.bench.events");
		if (BenchmarkEvents.ensure(this.jdbc, events, "overview")) {
			long t = System.nanoTime();
			this.counts.rebuildAll();
			System.out.printf("  rollups counted in %.1f s%n", (System.nanoTime() - t) / 1e9);
		}
		this.jdbc.sql("vacuum analyze event_counts").update();
		for (int i = 0; i < 5; i++) {
			for (String part : PARTS) {
				request("range=7d", part);
			}
		}
		for (String range : List.of("24h", "7d", "30d", "90d", "all")) {
			StringBuilder line = new StringBuilder("  overview, " + range + ":");
			double slowest = 0;
			for (String part : PARTS) {
				double median = median("range=" + range, part);
				slowest = Math.max(slowest, median);
				line.append(String.format(" %s %.0f ms,", part.isEmpty() ? "page" : part, median));
			}
			System.out.println(line.append(String.format(" slowest %.0f ms", slowest)));
		}
		System.out.println();
	}

	private void request(String period, String part) throws Exception {
		this.mvc.perform(
				part.isEmpty() ? get("/?" + period) : get("/?" + period + "&part=" + part).header("HX-Request", "true"))
			.andExpect(status().isOk());
	}

	private double median(String period, String part) throws Exception {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			long t = System.nanoTime();
			request(period, part);
			times.add((System.nanoTime() - t) / 1e6);
		}
		Collections.sort(times);
		return times.get(times.size() / 2);
	}

}
