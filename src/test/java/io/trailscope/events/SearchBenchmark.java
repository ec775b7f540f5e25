package io.trailscope.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The search pages at scale, not a test: run with
 * {@code ./mvnw test -Dtest=SearchBenchmark -Dtrailscope.bench.events=10000000}.
 * Generates that many events over the last 30 days straight into the table (skewed
 * distributions of 40 event names, 12 accounts, 6 regions, 500 principals, 5% errors; a
 * unique instance ID per event in the record and its search terms), then prints the
 * median time, through the controllers, of: the first page of several combinations of
 * core-column filters (rows and capped count, as the live form gets them), a free-text
 * search for one instance ID over 30 days, facets and histogram of 24 hours, and the rows
 * per second of a CSV export of 24 hours. With
 * {@code -Dtrailscope.embedded.data-directory=DIR} the database is kept, and a later run
 * with the same {@code DIR} and {@code -Dtrailscope.sessions.rebuild-on-startup=false}
 * (the generated events have no sessions, which a start would otherwise rebuild) measures
 * again without generating.
 */
@TrailscopeIntegrationTest
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
@WithMockUser(roles = "VIEWER")
class SearchBenchmark {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Test
	void searchFacetsHistogramAndExport() throws Exception {
		long events = Long.getLong("trailscope.bench.events");
		BenchmarkEvents.ensure(this.jdbc, events, "search");

		MockMvc mvc = this.mvc;
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("no filter, 24 h", "/events");
		pages.put("account + event name, 24 h", "/events?account=100000000003&name=ConsoleLogin");
		pages.put("region + any error, 7 d", "/events?region=eu-west-1&error=any&range=7d");
		pages.put("user + event source, 24 h", "/events?user=user-7&source=s3.amazonaws.com");
		pages.put("source CIDR + read-only=false, 24 h", "/events?ip=10.0.0.0/8&readOnly=false");
		pages.put("event name wildcard excluded + account, 7 d",
				"/events?not.name=Describe*&account=100000000001&range=7d");
		pages.put("access key, 30 d", "/events?key=AKIABENCH0000042&range=30d");
		// a running console is warm: compile the templates and the rendering path before
		// timing any page
		for (int i = 0; i < 20; i++) {
			for (String url : pages.values()) {
				fragment(mvc, url);
			}
		}
		for (Map.Entry<String, String> page : pages.entrySet()) {
			List<Long> sql = new ArrayList<>();
			double total = median(() -> {
				sql.add(queryTime(fragment(mvc, page.getValue())));
				return null;
			});
			Collections.sort(sql);
			System.out.printf("  first page, %s: %.1f ms median (SQL %d ms)%n", page.getKey(), total,
					sql.get(sql.size() / 2));
		}
		long probe = Math.max(1, events / 3);
		String instance = String.format("i-%016x", probe);
		System.out.printf("  free text %s, 30 d: %.1f ms median%n", instance, median(() -> {
			fragment(mvc, "/events?range=30d&q=" + instance);
			return null;
		}));
		System.out.printf("  facets + histogram, 24 h: %.1f ms median%n", median(() -> {
			plain(mvc, "/events/facets?range=24h");
			plain(mvc, "/events/histogram?range=24h");
			return null;
		}));
		System.out.printf("  facets + histogram, 24 h, one account: %.1f ms median%n", median(() -> {
			plain(mvc, "/events/facets?range=24h&account=100000000002");
			plain(mvc, "/events/histogram?range=24h&account=100000000002");
			return null;
		}));
		for (int i = 0; i < 2; i++) {
			long t = System.nanoTime();
			MvcResult started = mvc.perform(get("/events/export.csv?range=24h")).andReturn();
			byte[] csv = mvc.perform(asyncDispatch(started))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsByteArray();
			double seconds = (System.nanoTime() - t) / 1e9;
			long rows = new String(csv, StandardCharsets.UTF_8).lines().count() - 1;
			System.out.printf("  CSV export, 24 h: %,d rows in %.2f s = %,.0f rows/s%n", rows, seconds, rows / seconds);
		}
		System.out.println();
	}

	private static String fragment(MockMvc mvc, String url) throws Exception {
		return mvc.perform(get(url).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/** The query time the page reports (rows and count). */
	private static long queryTime(String page) {
		Matcher matcher = Pattern.compile("in (\\d+) ms").matcher(page);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	private static Void plain(MockMvc mvc, String url) throws Exception {
		mvc.perform(get(url)).andExpect(status().isOk());
		return null;
	}

	private static double median(Callable<Void> action) throws Exception {
		for (int i = 0; i < 3; i++) {
			action.call();
		}
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			long t = System.nanoTime();
			action.call();
			times.add((System.nanoTime() - t) / 1e6);
		}
		Collections.sort(times);
		assertThat(times).isNotEmpty();
		return times.get(times.size() / 2);
	}

}
