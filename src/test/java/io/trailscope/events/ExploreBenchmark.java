package io.trailscope.events;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.trailscope.TrailscopeServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broad exploration at scale, not a test: run with
 * {@code ./mvnw test -Dtest=ExploreBenchmark -Dtrailscope.bench.events=10000000
 * -Dtrailscope.embedded.data-directory=DIR -Dtrailscope.sessions.rebuild-on-startup=false}.
 * Generates the events of {@link BenchmarkEvents} over 30 days when DIR holds none (a
 * kept database is measured again as it is; its rollups are built at start-up if it has
 * none), then prints, over HTTP on a real port as a browser gets them (signed in, one
 * session), the median time of the results fragment, the full page, the facets, the
 * histogram and the group-by view of the whole range for a set of queries, and how far
 * each sampled facet is from the exact count. With
 * {@code -Dtrailscope.bench.rebuild=true} it also times a rebuild of the rollups.
 */
@TrailscopeServerTest
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
class ExploreBenchmark {

	private static final int WARM = 3;

	private static final int TIMED = 9;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EventCountsWorker counts;

	@Autowired
	SearchJdbc searchJdbc;

	@Autowired
	ObjectMapper mapper;

	@Autowired
	SearchProperties properties;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	HttpClient http;

	@Test
	void exploreTheWholeRange() throws Exception {
		long events = Long.getLong("trailscope.bench.events");
		prepare(events);
		signIn();
		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("no filter", "");
		queries.put("eventName:Create* -eventName:CreateLogStream", "eventName:Create* -eventName:CreateLogStream");
		queries.put("-userIdentity.type:AWSService", "-userIdentity.type:AWSService");
		queries.put("errorCode:*", "errorCode:*");
		queries.put("JSON path requestParameters.bucketName:bucket-7", "requestParameters.bucketName:bucket-7");
		queries.put("free text accessdenied", "accessdenied");
		// a running console is warm: compile the templates and the rendering path before
		// timing any page
		for (int i = 0; i < 10; i++) {
			for (String q : queries.values()) {
				String base = "range=all" + (q.isEmpty() ? "" : "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
				get("/events?" + base, true);
				get("/events?" + base, false);
			}
		}
		System.out.printf(
				"%n| query (range=all, %,d events) | results fragment | full page | facets | histogram | stats by 2 core fields | stats by a JSON path |%n",
				events);
		System.out.println("|---|---|---|---|---|---|---|");
		for (Map.Entry<String, String> query : queries.entrySet()) {
			String q = query.getValue().isEmpty() ? ""
					: "&q=" + URLEncoder.encode(query.getValue(), StandardCharsets.UTF_8);
			String base = "range=all" + q;
			double fragment = median("/events?" + base, true);
			double page = median("/events?" + base, false);
			double facets = median("/events/facets?" + base, true);
			double histogram = median("/events/histogram?" + base, true);
			double statsCore = median("/events/stats?" + base + "&by=eventName,errorCode", true);
			double statsPath = median("/events/stats?" + base + "&by=requestParameters.bucketName", true);
			JsonNode facetsJson = json("/events/facets.json?" + base);
			JsonNode statsCoreJson = json("/events/stats.json?" + base + "&by=eventName,errorCode");
			JsonNode statsPathJson = json("/events/stats.json?" + base + "&by=requestParameters.bucketName");
			System.out.printf("| %s | %.0f ms | %.0f ms | %.0f ms%s | %.0f ms%s | %.0f ms%s | %.0f ms%s |%n",
					query.getKey(), fragment, page, facets, facetsJson.path("estimate").asBoolean() ? " (≈)" : "",
					histogram, json("/events/histogram.json?" + base).path("estimate").asBoolean() ? " (≈)" : "",
					statsCore, statsCoreJson.path("estimate").asBoolean() ? " (≈)" : "", statsPath,
					statsPathJson.path("estimate").asBoolean() ? " (≈)" : "");
		}
		System.out.println();
		for (Map.Entry<String, String> query : queries.entrySet()) {
			accuracy(query.getKey(), query.getValue());
		}
		System.out.println();
	}

	/**
	 * The query box's suggestions as they are typed, over HTTP: the first answer for a
	 * field and range (read from the aggregations) and the median of the next ones (the
	 * same values, filtered as more is typed). Run alone with
	 * {@code -Dtest=ExploreBenchmark#suggestAsTyped}.
	 */
	@Test
	void suggestAsTyped() throws Exception {
		long events = Long.getLong("trailscope.bench.events");
		prepare(events);
		signIn();
		List<String> typed = List.of("ev", "eventName:Des", "errorCode:", "awsRegion:us", "principal:a",
				"userAgent:aws", "requestParameters.bucketName:");
		System.out.printf("%n| typed (%,d events) | range | first answer | next answers (median) |%n", events);
		System.out.println("|---|---|---|---|");
		for (String range : List.of("all", "90d", "30d", "24h")) {
			for (String q : typed) {
				String path = "/events/suggest?range=" + range + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
				long t = System.nanoTime();
				json(path);
				double first = (System.nanoTime() - t) / 1e6;
				double next = median(path, false);
				System.out.printf("| `%s` | %s | %.0f ms | %.0f ms |%n", q, range, first, next);
			}
		}
		System.out.println();
	}

	/**
	 * Generates the events when the database has none, reports the sizes, and times a
	 * rebuild if asked.
	 */
	private void prepare(long events) {
		if (BenchmarkEvents.ensure(this.jdbc, events, "explore")) {
			long t1 = System.nanoTime();
			this.counts.rebuildAll();
			System.out.printf("rollups built in %.1f s%n", (System.nanoTime() - t1) / 1e9);
		}
		else if (Boolean.getBoolean("trailscope.bench.rebuild")) {
			long t1 = System.nanoTime();
			int days = this.counts.rebuildAll();
			double seconds = (System.nanoTime() - t1) / 1e9;
			System.out.printf("rollups of %d days rebuilt in %.1f s (%.1f µs an event)%n", days, seconds,
					seconds * 1e6 / events);
		}
		this.jdbc.sql("vacuum analyze event_counts").update();
		long eventsBytes = this.jdbc
			.sql("select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_partition_tree('events')")
			.query(Long.class)
			.single();
		long countsBytes = this.jdbc.sql("select pg_total_relation_size('event_counts')").query(Long.class).single();
		long countRows = this.jdbc.sql("select count(*) from event_counts").query(Long.class).single();
		Map<String, Object> byGrain = new LinkedHashMap<>();
		this.jdbc.sql("select grain, count(*) as n from event_counts group by grain order by grain").query(rs -> {
			byGrain.put(rs.getString("grain"), rs.getLong("n"));
		});
		System.out.printf("%nsizes: events %,d MB (%,d rows, with indexes and TOAST); rollups %,d MB (%,d rows: %s)%n",
				eventsBytes >> 20, events, countsBytes >> 20, countRows, byGrain);
	}

	/**
	 * For each facet that was sampled: the largest relative error over the values that
	 * hold at least 1% of the matches, against the exact counts of every matching event.
	 */
	private void accuracy(String label, String q) {
		LinkedMultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.add("range", "all");
		if (!q.isEmpty()) {
			parameters.add("q", q);
		}
		EventSearch search = EventSearch.of(parameters, Instant.now());
		Aggregations planned = new Aggregations(this.searchJdbc, this.properties, this.mapper);
		List<Aggregate.Facet> answered = planned.facets(search, 10);
		if (answered.stream().noneMatch(f -> f.basis().estimate())) {
			System.out.printf("accuracy, %s: every facet exact%n", label);
			return;
		}
		// the truth reads every match: at ten million events longer than the pages'
		// statement timeout
		SearchProperties unbounded = new SearchProperties(Duration.ofHours(1), Duration.ZERO,
				this.properties.sampleRows(), Integer.MAX_VALUE - 1, Duration.ofHours(1));
		Aggregations exact = new Aggregations(new SearchJdbc(this.dataSource, unbounded, this.transactions), unbounded,
				this.mapper);
		long t = System.nanoTime();
		List<Aggregate.Facet> truth = exact.facets(search, 1_000);
		double exactSeconds = (System.nanoTime() - t) / 1e9;
		StringBuilder line = new StringBuilder();
		double worst = 0;
		for (int i = 0; i < answered.size(); i++) {
			Aggregate.Facet facet = answered.get(i);
			if (!facet.basis().estimate()) {
				continue;
			}
			Map<String, Long> trueCounts = new LinkedHashMap<>();
			truth.get(i).values().forEach(v -> trueCounts.put(String.valueOf(v.value()), v.count()));
			long matches = Math.max(1, truth.get(i).values().stream().mapToLong(Aggregate.Value::count).sum());
			double facetWorst = 0;
			int checked = 0;
			for (Aggregate.Value value : facet.values()) {
				long real = trueCounts.getOrDefault(String.valueOf(value.value()), 0L);
				if (real * 100 >= matches) {
					facetWorst = Math.max(facetWorst, Math.abs(value.count() - real) / (double) real);
					checked++;
				}
			}
			worst = Math.max(worst, facetWorst);
			line.append(String.format(" %s %.1f%% (%d values ≥1%%);", facet.spec().id(), facetWorst * 100, checked));
		}
		System.out.printf("accuracy, %s: sample of %,d events, largest error %.1f%% —%s exact answer took %.1f s%n",
				label, answered.stream().filter(f -> f.basis().estimate()).findFirst().orElseThrow().basis().sampled(),
				worst * 100, line, exactSeconds);
	}

	private void signIn() throws Exception {
		this.http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String login = this.http
			.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).as("a CSRF token on the sign-in page").isTrue();
		String form = "username=viewer&password=viewer-password&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signedIn = this.http.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
	}

	private double median(String path, boolean htmx) throws Exception {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < WARM + TIMED; i++) {
			long t = System.nanoTime();
			get(path, htmx);
			double ms = (System.nanoTime() - t) / 1e6;
			if (i >= WARM) {
				times.add(ms);
			}
		}
		Collections.sort(times);
		return times.get(times.size() / 2);
	}

	private void get(String path, boolean htmx) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (htmx) {
			request.header("HX-Request", "true");
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s answered %s", path, response.body()).isEqualTo(200);
	}

	private JsonNode json(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s answered %s", path, response.body()).isEqualTo(200);
		return this.mapper.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
