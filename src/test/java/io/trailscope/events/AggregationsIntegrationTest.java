package io.trailscope.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxHandlerMethodArgumentResolver;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHandlerMethodArgumentResolver;
import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.JacksonJsonView;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * How the aggregations reach their numbers, against real PostgreSQL: from the rollups
 * when the query names only their dimensions, from every matching event when few match,
 * from a labelled sample when many do, and what a search that runs out of time answers.
 * Each trail has an account of its own, or a window of time no other test writes to.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationsIntegrationTest {

	/**
	 * Events of the sampled trail: a few thousand, so that a 1,000-row sample reads about
	 * a third.
	 */
	private static final int SAMPLED_EVENTS = 3_000;

	@Autowired
	WebApplicationContext context;

	@Autowired
	IngestService ingest;

	@Autowired
	Aggregations aggregations;

	@Autowired
	SearchJdbc searchJdbc;

	@Autowired
	ObjectMapper mapper;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	SearchProperties properties;

	@Autowired
	MockMvc mvc;

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	/** Varied core fields, scoped by its account. */
	final TestTrail varied = new TestTrail();

	/**
	 * Many events in a window of their own, most of them tagged; scoped by the tag and
	 * the window.
	 */
	final TestTrail many = new TestTrail();

	Instant manyFrom;

	Instant manyTo;

	/** What the tagged events of {@link #many} hold, counted as they were written. */
	final Map<String, Map<String, Long>> manyExact = new HashMap<>();

	long manyTagged;

	@BeforeAll
	void load() {
		loadVaried();
		loadMany();
	}

	private void loadVaried() {
		String account = this.varied.account;
		Random random = new Random(7);
		List<String> names = List.of("DescribeInstances", "GetObject", "PutObject", "AssumeRole", "ConsoleLogin",
				"CreateUser", "DeleteBucket", "ListBuckets", "RunInstances", "StopInstances", "TerminateInstances",
				"GetCallerIdentity", "DescribeVolumes");
		List<String> regions = List.of("us-east-1", "eu-west-1", "ap-southeast-2", "");
		for (int i = 0; i < 180; i++) {
			// every name once, then skewed counts: more names than a facet shows, so the
			// top 10 is a real cut
			String name = (i < names.size()) ? names.get(i)
					: names.get(Math.min(names.size() - 1, (int) Math.abs(random.nextGaussian() * 4)));
			TestTrail.Rec rec = this.varied.add(name, this.now.minus(Duration.ofMinutes(7L * i + 3)))
				.set("awsRegion", regions.get(random.nextInt(regions.size())))
				.set("sourceIPAddress", "198.51.100." + random.nextInt(14));
			switch (random.nextInt(5)) {
				case 0 -> rec.failed("AccessDenied", "not authorized");
				case 1 -> rec.failed("ThrottlingException", "slow down");
				default -> {
				}
			}
			if (random.nextInt(3) == 0) {
				rec.assumedRole(account, "Deploy", "ci-" + random.nextInt(3), "ASIAVARIED" + i);
			}
			if (random.nextInt(4) == 0) {
				rec.set("eventSource", "s3.amazonaws.com").set("readOnly", false);
			}
			if (random.nextInt(6) == 0) {
				rec.set("userAgent", "");
			}
		}
		this.varied.load(this.ingest);
	}

	private void loadMany() {
		// a window some days back that only this test writes to: the sample is drawn from
		// its range
		this.manyFrom = this.now.minus(Duration.ofDays(12))
			.truncatedTo(ChronoUnit.HOURS)
			.plus(Duration.ofMinutes(new Random().nextInt(40)));
		this.manyTo = this.manyFrom.plus(Duration.ofMinutes(10));
		Random random = new Random(11);
		List<String> names = List.of("GetObject", "PutObject", "ListObjects");
		List<String> regions = List.of("us-east-1", "eu-west-1", "ap-northeast-1");
		for (int i = 0; i < SAMPLED_EVENTS; i++) {
			String name = pick(names, random);
			String region = pick(regions, random);
			TestTrail.Rec rec = this.many.add(name, this.manyFrom.plusMillis(i * 200L)).set("awsRegion", region);
			// most of the events match the query, not all: a sample holds both
			if (random.nextInt(10) > 0) {
				rec.set("requestParameters.testTag", this.many.tag);
				this.manyExact.computeIfAbsent("name", k -> new HashMap<>()).merge(name, 1L, Long::sum);
				this.manyExact.computeIfAbsent("region", k -> new HashMap<>()).merge(region, 1L, Long::sum);
				this.manyTagged++;
			}
		}
		this.many.load(this.ingest);
	}

	/**
	 * Half the first, a third the second, a sixth the third: every value holds well over
	 * 10 %.
	 */
	private static String pick(List<String> values, Random random) {
		int roll = random.nextInt(6);
		return values.get(roll < 3 ? 0 : roll < 5 ? 1 : 2);
	}

	@Test
	void answersCoreFieldQueriesFromTheRollupsExactly() throws Exception {
		EventSearch search = search("account", this.varied.account, "range", "all");
		List<Aggregate.Facet> facets = this.aggregations.facets(search, EventAggregationController.FACET_TOP);
		assertThat(facets).extracting(f -> f.spec().id()).isEqualTo(FacetSpec.ALL.stream().map(FacetSpec::id).toList());
		for (Aggregate.Facet facet : facets) {
			Dimension dimension = facet.spec().dimension();
			// all time is whole days: the principal's pair with the account is kept per
			// day
			boolean rolledUp = dimension != null
					&& (Dimension.cuboidFor(Dimension.ACCOUNT.bit() | dimension.bit()).isPresent()
							|| Dimension.dayCuboidFor(Dimension.ACCOUNT.bit() | dimension.bit()).isPresent());
			assertThat(facet.basis().method()).as(facet.spec().id())
				.isEqualTo(rolledUp ? Aggregate.Method.ROLLUPS : Aggregate.Method.EXACT);
			assertThat(facet.basis().estimate()).isFalse();
			assertThat(facet.values()).as(facet.spec().id())
				.isEqualTo(topValues(facet.spec().column(), EventAggregationController.FACET_TOP));
		}
		// more names than the facet shows: the rollups' answer is cut to the top ten as
		// the events' would be
		assertThat(this.jdbc.sql("select count(distinct event_name) from events where recipient_account_id = :account")
			.param("account", this.varied.account)
			.query(Long.class)
			.single()).isGreaterThan(10);
		assertThat(facet(facets, "name")).hasSize(10);

		// the same numbers to scripts, marked exact
		String body = this.mvc.perform(get("/events/facets.json?account=" + this.varied.account + "&range=all"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.estimate").value(false))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode json = this.mapper.readTree(body);
		for (int i = 0; i < FacetSpec.ALL.size(); i++) {
			FacetSpec spec = FacetSpec.ALL.get(i);
			JsonNode facet = json.path("facets").path(i);
			assertThat(facet.path("field").asString()).isEqualTo(spec.field());
			assertThat(facet.path("estimate").asBoolean()).isFalse();
			List<Aggregate.Value> values = new ArrayList<>();
			for (JsonNode v : facet.path("values")) {
				String value = v.path("value").isNull() ? null : v.path("value").asString();
				values.add(new Aggregate.Value(value, v.path("count").asLong()));
			}
			assertThat(values).as(spec.field())
				.isEqualTo(topValues(spec.column(), EventAggregationController.FACET_TOP));
		}

		// the histogram of a core-field query over days: from the hours and days of the
		// rollups
		EventSearch month = search("account", this.varied.account, "range", "30d");
		Aggregate.Bars bars = this.aggregations.histogram(month, this.now.plusSeconds(1));
		assertThat(bars.basis().method()).isEqualTo(Aggregate.Method.ROLLUPS);
		assertThat(bars.histogram().total()).isEqualTo(180);

		// and the group-by by core fields
		Aggregate.Groups groups = this.aggregations.groups(search,
				GroupBy.of("eventName,awsRegion", null, null, "1000", GroupBy.DEFAULT_TOP));
		assertThat(groups.basis().method()).isEqualTo(Aggregate.Method.ROLLUPS);
		assertThat(groups.total()).isEqualTo(180);
		Map<List<String>, Long> bySql = new HashMap<>();
		this.jdbc
			.sql("select event_name, nullif(aws_region, '') as region, count(*) as n from events"
					+ " where recipient_account_id = :account group by 1, 2")
			.param("account", this.varied.account)
			.query(rs -> {
				bySql.put(Arrays.asList(rs.getString(1), rs.getString(2)), rs.getLong(3));
			});
		assertThat(groups.rows().stream().collect(Collectors.toMap(Aggregate.Group::values, Aggregate.Group::count)))
			.isEqualTo(bySql);

		// the principal beside another field (the account asked): from its day rows over
		// whole days,
		// from the events otherwise
		GroupBy byPrincipal = GroupBy.of("principal", null, null, "1000", GroupBy.DEFAULT_TOP);
		Aggregate.Groups principals = this.aggregations.groups(search, byPrincipal);
		assertThat(principals.basis().method()).isEqualTo(Aggregate.Method.ROLLUPS);
		Map<List<String>, Long> principalsBySql = new HashMap<>();
		this.jdbc
			.sql("select nullif(principal, '') as principal, count(*) as n from events"
					+ " where recipient_account_id = :account group by 1")
			.param("account", this.varied.account)
			.query(rs -> {
				principalsBySql.put(Arrays.asList(rs.getString(1)), rs.getLong(2));
			});
		assertThat(
				principals.rows().stream().collect(Collectors.toMap(Aggregate.Group::values, Aggregate.Group::count)))
			.isEqualTo(principalsBySql);
		Aggregate.Groups principalsOfMonth = this.aggregations.groups(month, byPrincipal);
		assertThat(principalsOfMonth.basis().method()).isEqualTo(Aggregate.Method.EXACT);
		assertThat(principalsOfMonth.rows()
			.stream()
			.collect(Collectors.toMap(Aggregate.Group::values, Aggregate.Group::count))).isEqualTo(principalsBySql);
		assertThat(facet(this.aggregations.facets(month, EventAggregationController.FACET_TOP), "principal"))
			.isEqualTo(topValues("principal", EventAggregationController.FACET_TOP));
	}

	@Test
	void labelsSampledAnswersAndNotExactOnes() {
		EventSearch search = search("json", "requestParameters.testTag:" + this.many.tag, "from",
				this.manyFrom.toString(), "to", this.manyTo.toString());
		assertThat(this.manyTagged).as("more match than the exact limit of 1,000").isGreaterThan(2_000);
		Aggregations sampling = new Aggregations(this.searchJdbc,
				new SearchProperties(Duration.ofSeconds(30), Duration.ZERO, 1000, 1000, Duration.ofSeconds(60)),
				this.mapper);

		List<Aggregate.Facet> sampled = sampling.facets(search, EventAggregationController.FACET_TOP);
		for (Aggregate.Facet facet : sampled) {
			assertThat(facet.basis().method()).as(facet.spec().id()).isEqualTo(Aggregate.Method.SAMPLE);
			assertThat(facet.basis().estimate()).isTrue();
			assertThat(facet.basis().label()).startsWith("≈ estimated from a random sample of ");
			// about a third of the window's events, not all of them
			assertThat(facet.basis().sampled()).isBetween(200L, 2_500L);
			assertThat(facet.basis().matched()).isPositive().isLessThanOrEqualTo(facet.basis().sampled());
		}
		assertWithinTolerance(facet(sampled, "name"), this.manyExact.get("name"));
		assertWithinTolerance(facet(sampled, "region"), this.manyExact.get("region"));
		assertThat(facet(sampled, "account")).singleElement().satisfies(value -> {
			assertThat(value.value()).isEqualTo(this.many.account);
			assertThat((double) value.count()).isCloseTo(this.manyTagged, within(this.manyTagged * 0.3));
		});

		GroupBy byName = GroupBy.of("eventName", null, null, null, GroupBy.DEFAULT_TOP);
		Aggregate.Groups groups = sampling.groups(search, byName);
		assertThat(groups.basis().method()).isEqualTo(Aggregate.Method.SAMPLE);
		assertThat(groups.basis().label()).contains("≈");
		assertThat((double) groups.total()).isCloseTo(this.manyTagged, within(this.manyTagged * 0.3));
		assertWithinTolerance(
				groups.rows().stream().map(g -> new Aggregate.Value(g.values().get(0), g.count())).toList(),
				this.manyExact.get("name"));

		// the application's limits: few enough match to count them all
		List<Aggregate.Facet> exact = this.aggregations.facets(search, EventAggregationController.FACET_TOP);
		for (Aggregate.Facet facet : exact) {
			assertThat(facet.basis().method()).as(facet.spec().id()).isEqualTo(Aggregate.Method.EXACT);
			assertThat(facet.basis().estimate()).isFalse();
			assertThat(facet.basis().label()).isEqualTo("exact").doesNotContain("≈");
		}
		assertThat(values(facet(exact, "name"))).isEqualTo(this.manyExact.get("name"));
		assertThat(values(facet(exact, "region"))).isEqualTo(this.manyExact.get("region"));
		Aggregate.Groups exactGroups = this.aggregations.groups(search, byName);
		assertThat(exactGroups.basis().method()).isEqualTo(Aggregate.Method.EXACT);
		assertThat(exactGroups.total()).isEqualTo(this.manyTagged);
	}

	@Test
	void drawsAtMostTwoHundredBarsOverAnySpan() {
		// whatever the span and wherever it starts against the buckets' origin, the bars
		// touched fit the cap
		Random random = new Random(3);
		for (double hours = 1; hours < 24 * 366 * 1000; hours = hours * 1.07 + 1) {
			for (int i = 0; i < 20; i++) {
				Instant from = EventCounts.ORIGIN.plusSeconds(random.nextLong(-5_000_000_000L, 2_000_000_000L));
				Instant to = from.plusSeconds((long) (hours * 3600) + random.nextInt(3600));
				Duration step = Aggregations.step(Duration.between(from, to));
				int bars = Histogram.of(from, to, step, EventCounts.ORIGIN, Map.of()).bars().size();
				assertThat(bars).as("bars of %s to %s by %s", from, to, step)
					.isLessThanOrEqualTo(Aggregations.MAX_BUCKETS);
			}
		}
	}

	@Test
	void saysSoWhenASearchRunsOutOfTime() throws Exception {
		SearchProperties oneSecond = new SearchProperties(Duration.ofSeconds(1), Duration.ZERO, 150_000, 60_000,
				Duration.ofSeconds(60));
		SearchJdbc slow = new SearchJdbc(this.dataSource, oneSecond, this.transactions);
		// the driver cancels the statement in the server after the timeout: SQLState
		// 57014
		DataAccessException timeout = catchThrowableOfType(DataAccessException.class,
				() -> slow.client().sql("select pg_sleep(2)").query().listOfRows());
		assertThat(SearchJdbc.timedOut(timeout)).isTrue();
		// a failure that is not a timeout is not reported as one
		DataAccessException other = catchThrowableOfType(DataAccessException.class,
				() -> slow.client().sql("select * from no_such_table").query().listOfRows());
		assertThat(SearchJdbc.timedOut(other)).isFalse();

		// every aggregation and the group-by through MVC, each statement of theirs
		// stopped after a second
		Aggregations sleeping = new Aggregations(slow, oneSecond, this.mapper) {

			@Override
			List<Aggregate.Facet> facets(EventSearch search, int top) {
				sleep();
				return List.of();
			}

			@Override
			Aggregate.Bars histogram(EventSearch search, Instant now) {
				sleep();
				return null;
			}

			@Override
			Aggregate.Groups groups(EventSearch search, GroupBy by) {
				sleep();
				return null;
			}

			private void sleep() {
				slow.client().sql("select pg_sleep(2)").query().listOfRows();
			}
		};
		String message = "The search ran longer than 1 s and was stopped. Narrow the time range";
		MockMvc timingOut = MockMvcBuilders
			.standaloneSetup(new EventAggregationController(sleeping, Clock.systemUTC()),
					new EventStatsController(sleeping, Clock.systemUTC()))
			.setControllerAdvice(new SearchErrors(oneSecond))
			.setCustomArgumentResolvers(new HtmxHandlerMethodArgumentResolver(),
					new HtmxResponseHandlerMethodArgumentResolver())
			// the application's templates, through a resolver that MockMvc does not
			// initialise again
			.setViewResolvers(this.context.getBean(ThymeleafViewResolver.class)::resolveViewName)
			.build();
		String scope = "?account=" + this.varied.account;
		for (String path : List.of("/events/facets", "/events/histogram", "/events/stats")) {
			String query = scope + (path.endsWith("stats") ? "&by=eventName" : "");
			timingOut.perform(get(path + query).header("HX-Request", "true"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("class=\"notice error timeout-message\"")))
				.andExpect(content().string(containsString(message)))
				.andExpect(content().string(not(containsString("<html"))));
			timingOut.perform(get(path + query))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("<html")))
				.andExpect(content().string(containsString("The search took too long")))
				.andExpect(content().string(containsString(message)));
			timingOut.perform(get(path + ".json" + query))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.error").value(containsString(message)));
		}

		// the application's advice, called as MVC calls it, words the configured timeout
		SearchErrors advice = this.context.getBean(SearchErrors.class);
		String configured = "The search ran longer than " + this.properties.statementTimeout().toSeconds() + " s";
		MockHttpServletRequest json = new MockHttpServletRequest("GET", "/events/stats.json");
		MockHttpServletResponse jsonResponse = new MockHttpServletResponse();
		ModelAndView answer = advice.timeout(timeout, json, HtmxRequest.fromRequest(json), jsonResponse);
		assertThat(jsonResponse.getStatus()).isEqualTo(503);
		assertThat(answer.getView()).isInstanceOf(JacksonJsonView.class);
		assertThat((String) answer.getModel().get("error")).startsWith(configured);
		MockHttpServletRequest fragment = new MockHttpServletRequest("GET", "/events/facets");
		fragment.addHeader("HX-Request", "true");
		MockHttpServletResponse fragmentResponse = new MockHttpServletResponse();
		answer = advice.timeout(timeout, fragment, HtmxRequest.fromRequest(fragment), fragmentResponse);
		assertThat(fragmentResponse.getStatus()).isEqualTo(503);
		assertThat(answer.getViewName()).isEqualTo("events/timeout :: message");
		assertThat((String) answer.getModel().get("message")).startsWith(configured);
		MockHttpServletRequest restore = new MockHttpServletRequest("GET", "/events/histogram");
		restore.addHeader("HX-Request", "true");
		restore.addHeader("HX-History-Restore-Request", "true");
		answer = advice.timeout(timeout, restore, HtmxRequest.fromRequest(restore), new MockHttpServletResponse());
		assertThat(answer.getViewName()).as("a history restore gets the page").isEqualTo("events/timeout");
		// anything else goes on to the application's error handling
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> advice.timeout(other, json, HtmxRequest.fromRequest(json), new MockHttpServletResponse()))
			.isSameAs(other);
	}

	/**
	 * The top values of an events column for the varied trail, ordered as a facet orders
	 * them.
	 */
	private List<Aggregate.Value> topValues(String column, int top) {
		return this.jdbc
			.sql("select nullif(cast(" + column + " as text), '') as value, count(*) as n from events"
					+ " where recipient_account_id = :account group by 1 order by n desc, value nulls last limit :top")
			.param("account", this.varied.account)
			.param("top", top)
			.query((rs, n) -> new Aggregate.Value(rs.getString("value"), rs.getLong("n")))
			.list();
	}

	/** Every value holding at least a tenth of the matches is estimated within 30 %. */
	private void assertWithinTolerance(List<Aggregate.Value> estimated, Map<String, Long> exact) {
		Map<String, Long> counts = values(estimated);
		exact.forEach((value, count) -> {
			if (count >= this.manyTagged / 10) {
				assertThat(counts).as("estimate of %s", value).containsKey(value);
				assertThat((double) counts.get(value)).as("estimate of %s (exact %d)", value, count)
					.isCloseTo(count, within(count * 0.3));
			}
		});
	}

	private static Map<String, Long> values(List<Aggregate.Value> values) {
		return values.stream().collect(Collectors.toMap(Aggregate.Value::value, Aggregate.Value::count));
	}

	private static List<Aggregate.Value> facet(List<Aggregate.Facet> facets, String id) {
		return facets.stream().filter(f -> f.spec().id().equals(id)).findFirst().orElseThrow().values();
	}

	private EventSearch search(String... pairs) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			parameters.add(pairs[i], pairs[i + 1]);
		}
		EventSearch search = EventSearch.of(parameters, this.now.plusSeconds(1));
		assertThat(search.problem()).as("problem of %s", parameters).isEmpty();
		return search;
	}

}
