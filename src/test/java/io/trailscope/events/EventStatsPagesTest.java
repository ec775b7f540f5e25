package io.trailscope.events;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The group-by view ({@code /events/stats}, {@code .csv}, {@code .json}) and the JSON
 * answers of the facets and the histogram, through MVC against real PostgreSQL: the
 * numbers against SQL's own {@code group by}, the shapes scripts rely on, blank and
 * missing values, and what a bad request is told.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStatsPagesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Bucket names a spreadsheet would run as formulas. */
	private static final String FORMULA = "=HYPERLINK(\"http://attacker.example\",\"open\")";

	private static final String AT_FORMULA = "@SUM(A1:A9)";

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ObjectMapper mapper;

	@Autowired
	MockMvc mvc;

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	/** The events grouped here, scoped by its account. */
	final TestTrail trail = new TestTrail();

	/** More events than a CSV holds by default, each its own group by eventID. */
	final TestTrail bulk = new TestTrail();

	/**
	 * Tags the events with blank and missing values, the one without an account among
	 * them.
	 */
	String blankTag;

	String scope;

	int minute;

	@BeforeAll
	void load() {
		this.scope = "account=" + this.trail.account + "&range=all";
		this.blankTag = this.trail.tag + "-blank";
		for (int i = 0; i < 6; i++) {
			s3("GetObject", "logs").set("sourceIPAddress", "203.0.113." + (i % 3 + 1));
		}
		for (int i = 0; i < 3; i++) {
			s3("GetObject", "logs").set("sourceIPAddress", "203.0.113.1").failed("AccessDenied", "not authorized");
		}
		for (int i = 0; i < 4; i++) {
			s3("PutObject", "data").set("sourceIPAddress", "203.0.113." + (i % 2 + 4)).set("readOnly", false);
		}
		s3("PutObject", FORMULA).set("sourceIPAddress", "198.51.100.66").set("readOnly", false);
		s3("PutObject", FORMULA).set("sourceIPAddress", "198.51.100.67").set("readOnly", false);
		s3("PutObject", AT_FORMULA).set("readOnly", false);
		// an empty bucket name is no bucket name; an empty address is no address
		s3("ListObjects", "").set("sourceIPAddress", "");
		s3("ListObjects", "logs");
		for (int i = 0; i < 5; i++) {
			next("DescribeInstances");
		}
		next("ConsoleLogin").set("eventSource", "signin.amazonaws.com").failed("Failed authentication", "bad password");
		next("ConsoleLogin").set("eventSource", "signin.amazonaws.com").failed("Failed authentication", "bad password");
		for (int i = 0; i < 2; i++) {
			blank(next("Blank"));
		}
		this.trail.load(this.ingest);

		// no recipientAccountId, from a local file: no key names the account either, so
		// it is stored as ""
		TestTrail orphans = new TestTrail();
		TestTrail.Rec orphan = blank(orphans.add("Orphan", this.now.minus(Duration.ofMinutes(++this.minute))))
			.set("recipientAccountId", null);
		loadAsLocalFile(orphan);

		for (int i = 0; i < 1_100; i++) {
			this.bulk.add("DescribeVolumes", this.now.minus(Duration.ofSeconds(i)));
		}
		this.bulk.load(this.ingest);
	}

	private TestTrail.Rec next(String name) {
		return this.trail.add(name, this.now.minus(Duration.ofMinutes(++this.minute)));
	}

	private TestTrail.Rec s3(String name, String bucket) {
		return next(name).set("eventSource", "s3.amazonaws.com").set("requestParameters.bucketName", bucket);
	}

	/**
	 * Every facet's column empty or absent: only the name, the source and the account are
	 * left.
	 */
	private TestTrail.Rec blank(TestTrail.Rec rec) {
		return rec.set("awsRegion", "")
			.set("userAgent", "")
			.set("sourceIPAddress", null)
			.set("errorCode", null)
			.set("requestParameters.testTag", this.blankTag)
			.with(node -> {
				node.remove("userIdentity");
				node.putObject("userIdentity")
					.put("principalId", "")
					.put("arn", "")
					.put("accountId", "")
					.put("userName", "");
			});
	}

	private void loadAsLocalFile(TestTrail.Rec rec) {
		byte[] bytes = ("{\"Records\":[" + JSON.writeValueAsString(rec.node) + "]}").getBytes(StandardCharsets.UTF_8);
		ObjectRef ref = new ObjectRef("file", "", "answers/" + rec.id + ".json", "v1", bytes.length, Instant.now(),
				ObjectKind.LOG);
		IngestResult result = this.ingest.ingest(ref, () -> new ByteArrayInputStream(bytes));
		assertThat(result.loaded()).as("loaded: %s", result).isEqualTo(1);
	}

	// ---- group-by against SQL
	// ------------------------------------------------------------------------

	@Test
	void groupsExactlyAsSqlGroupByOnCoreFieldsAndJsonPaths() throws Exception {
		Stats byNameAndError = stats("&by=eventName,errorCode");
		assertThat(byNameAndError.estimate()).isFalse();
		assertThat(byNameAndError.by()).containsExactly("eventName", "errorCode");
		List<Row> sql = sqlGroups(List.of("event_name", "nullif(error_code, '')"), null);
		assertThat(byNameAndError.rows()).containsExactlyInAnyOrderElementsOf(sql);
		assertThat(byNameAndError.other()).isZero();
		assertThat(byNameAndError.total()).isEqualTo(sql.stream().mapToLong(Row::count).sum()).isEqualTo(27);
		assertThat(byNameAndError.rows()).as("most frequent first").isEqualTo(sorted(sql, "count"));

		// a record path's "" is a value of its own (path:* holds for it), unlike a named
		// field's ''
		String bucket = "jsonb_path_query_first(record, '$.requestParameters.bucketName') #>> '{}'";
		Stats byBucket = stats("&by=requestParameters.bucketName");
		List<Row> sqlBuckets = sqlGroups(List.of(bucket), null);
		assertThat(byBucket.rows()).containsExactlyInAnyOrderElementsOf(sqlBuckets);
		assertThat(byBucket.rows()).extracting(r -> r.values().get(0))
			.containsExactlyInAnyOrder("logs", "data", FORMULA, AT_FORMULA, "", null);

		// a blank address is none, as everywhere else, and not a distinct address
		Stats distinct = stats("&by=eventName,requestParameters.bucketName&distinct=sourceIPAddress");
		List<Row> sqlDistinct = sqlGroups(List.of("event_name", bucket), "nullif(source_address, '')");
		assertThat(distinct.rows()).containsExactlyInAnyOrderElementsOf(sqlDistinct);
		assertThat(distinct.rows()).filteredOn(r -> r.values().equals(List.of("GetObject", "logs")))
			.singleElement()
			.satisfies(r -> assertThat(r.distinct()).isEqualTo(3));
		assertThat(distinct.rows()).filteredOn(r -> r.values().get(0).equals("ListObjects"))
			.extracting(Row::distinct)
			.containsExactlyInAnyOrder(0L, 1L);

		List<Row> byName = sqlGroups(List.of("event_name"), null);
		assertThat(stats("&by=eventName&order=rare").rows()).isEqualTo(sorted(byName, "rare"));
		assertThat(stats("&by=eventName&order=first").rows()).isEqualTo(sorted(byName, "first"));
		assertThat(stats("&by=eventName&order=last").rows()).isEqualTo(sorted(byName, "last"));
		assertThat(stats("&by=eventName&order=eventName").rows()).isEqualTo(sorted(byName, "value"));
		// the GetObject events were written first, a minute apart back from now: the
		// newest
		assertThat(stats("&by=eventName&order=first").rows().get(0).values()).containsExactly("GetObject");

		// the rest beyond the top, summed
		Stats top = stats("&by=eventName&top=2");
		List<Row> expected = sorted(byName, "count").subList(0, 2);
		assertThat(top.rows()).isEqualTo(expected);
		assertThat(top.total()).isEqualTo(27);
		assertThat(top.other()).isEqualTo(27 - expected.stream().mapToLong(Row::count).sum());

		// the page shows the same groups, with the rest as "other groups"
		this.mvc.perform(get("/events/stats?" + this.scope + "&by=eventName&top=2"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("27 events in 6 groups")))
			.andExpect(content().string(containsString(">" + expected.get(0).values().get(0) + "</a>")))
			.andExpect(content().string(containsString("other groups")))
			.andExpect(content().string(containsString(">" + top.other() + "</td>")));
	}

	// ---- blank and missing values
	// ------------------------------------------------------------------

	@Test
	void showsBlankAndMissingValuesOfEveryFacetAsNone() throws Exception {
		EventSearch byAccount = search("account", this.trail.account, "range", "all");
		String page = this.mvc.perform(get("/events/facets?" + this.scope))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		for (String field : List.of("awsRegion", "errorCode", "userAgent", "sourceIPAddress", "userIdentity.type",
				"principal")) {
			assertThat(page).as(field)
				.contains(">(none)</a>")
				.contains(link(byAccount, "-" + field + ":*"))
				.contains(link(byAccount, field + ":*"));
		}
		// each "(none)" link finds as many events as "(none)" counts
		JsonNode accountFacets = this.mapper.readTree(this.mvc.perform(get("/events/facets.json?" + this.scope))
			.andReturn()
			.getResponse()
			.getContentAsString());
		for (JsonNode facet : accountFacets.path("facets")) {
			for (JsonNode value : facet.path("values")) {
				if (value.path("value").isNull()) {
					String field = facet.path("field").asString();
					this.mvc.perform(get("/events?" + this.scope).param("q", "-" + field + ":*"))
						.andExpect(status().isOk())
						.andExpect(content().string(containsString(">" + value.path("count").asLong() + " events<")));
				}
			}
		}

		// scoped by the tag: the event without an account is among them
		String tagged = "json=requestParameters.testTag:" + this.blankTag + "&range=all";
		EventSearch byTag = search("json", "requestParameters.testTag:" + this.blankTag, "range", "all");
		JsonNode facets = this.mapper.readTree(this.mvc.perform(get("/events/facets.json?" + tagged))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		Map<String, Map<String, Long>> counts = new HashMap<>();
		facets.path("facets").forEach(facet -> {
			Map<String, Long> values = new HashMap<>();
			facet.path("values").forEach(v -> {
				assertThat(v.has("value")).isTrue();
				values.put(v.path("value").isNull() ? null : v.path("value").asString(), v.path("count").asLong());
			});
			counts.put(facet.path("field").asString(), values);
		});
		Map<String, Long> none = new HashMap<>();
		none.put(null, 3L);
		for (String field : List.of("awsRegion", "errorCode", "userAgent", "sourceIPAddress", "userIdentity.type",
				"principal")) {
			assertThat(counts.get(field)).as(field).isEqualTo(none);
		}
		Map<String, Long> accounts = new HashMap<>();
		accounts.put(this.trail.account, 2L);
		accounts.put(null, 1L);
		assertThat(counts.get("recipientAccountId")).isEqualTo(accounts);
		assertThat(counts.get("eventName")).isEqualTo(Map.of("Blank", 2L, "Orphan", 1L));
		this.mvc.perform(get("/events/facets?" + tagged))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">(none)</a>")))
			.andExpect(content().string(containsString(link(byTag, "-recipientAccountId:*"))));
		this.mvc.perform(get("/events/facets?" + tagged).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">(none)</a>")));

		// the group-by: "(none)" on the page with its links, null in JSON, an empty cell
		// in the CSV
		String by = "&by=recipientAccountId,awsRegion,principal";
		this.mvc.perform(get("/events/stats?" + tagged + by))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">(none)</a>")))
			.andExpect(content().string(containsString(link(byTag, "-recipientAccountId:*"))))
			.andExpect(content().string(containsString(link(byTag, "-awsRegion:*"))))
			.andExpect(content().string(containsString(link(byTag, "principal:*"))));
		Stats stats = parseStats(this.mvc.perform(get("/events/stats.json?" + tagged + by))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(stats.rows()).extracting(Row::values, Row::count)
			.containsExactlyInAnyOrder(tuple(Arrays.asList(this.trail.account, null, null), 2L),
					tuple(Arrays.asList(null, null, null), 1L));
		List<List<String>> csv = csv(this.mvc.perform(csvRequest("/events/stats.csv?" + tagged + by))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(csv.get(0)).containsExactly("recipientAccountId", "awsRegion", "principal", "count", "first_seen",
				"last_seen");
		assertThat(csv.subList(1, csv.size())).extracting(row -> row.subList(0, 4))
			.containsExactlyInAnyOrder(List.of(this.trail.account, "", "", "2"), List.of("", "", "", "1"));
		this.mvc.perform(get("/events/stats?" + this.scope + "&by=sourceIPAddress,userIdentity.type,userAgent"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">(none)</a>")))
			.andExpect(content().string(containsString(link(byAccount, "-sourceIPAddress:*"))))
			.andExpect(content().string(containsString(link(byAccount, "-userIdentity.type:*"))));

		// and the events themselves, on the whole page
		this.mvc.perform(get("/events?" + tagged))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("3 events")))
			.andExpect(content().string(containsString("Orphan")));
		this.mvc.perform(get("/events?" + this.scope))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("27 events")));
	}

	// ---- JSON shapes
	// --------------------------------------------------------------------------------

	@Test
	void keepsTheJsonShapes() throws Exception {
		JsonNode facets = json("/events/facets.json?" + this.scope);
		assertThat(facets.propertyNames()).containsExactly("estimate", "facets");
		assertThat(facets.path("estimate").isBoolean()).isTrue();
		assertThat(facets.path("facets").isArray()).isTrue();
		assertThat(facets.path("facets")).hasSize(FacetSpec.ALL.size());
		for (JsonNode facet : facets.path("facets")) {
			assertThat(facet.propertyNames()).containsExactly("field", "estimate", "values");
			assertThat(facet.path("field").isString()).isTrue();
			assertThat(facet.path("estimate").isBoolean()).isTrue();
			assertThat(facet.path("values").isArray()).isTrue();
			for (JsonNode value : facet.path("values")) {
				assertThat(value.propertyNames()).containsExactly("value", "count");
				assertThat(value.path("value").isString() || value.path("value").isNull()).isTrue();
				assertThat(value.path("count").isIntegralNumber()).isTrue();
			}
		}
		assertThat(facets.path("facets")).extracting(f -> f.path("field").asString())
			.containsExactlyElementsOf(FacetSpec.ALL.stream().map(FacetSpec::field).toList());

		JsonNode histogram = json("/events/histogram.json?account=" + this.trail.account + "&range=24h");
		assertThat(histogram.propertyNames()).containsExactly("estimate", "interval", "buckets");
		assertThat(histogram.path("estimate").isBoolean()).isTrue();
		Duration interval = Duration.parse(histogram.path("interval").asString());
		assertThat(interval).isEqualTo(Duration.ofMinutes(30));
		assertThat(histogram.path("buckets").isArray()).isTrue();
		long sum = 0;
		Instant previous = null;
		for (JsonNode bucket : histogram.path("buckets")) {
			assertThat(bucket.propertyNames()).containsExactly("start", "count");
			assertThat(bucket.path("count").isIntegralNumber()).isTrue();
			Instant start = Instant.parse(bucket.path("start").asString());
			if (previous != null) {
				assertThat(Duration.between(previous, start)).isEqualTo(interval);
			}
			previous = start;
			sum += bucket.path("count").asLong();
		}
		assertThat(sum).isEqualTo(27);

		// a century and more: whole days per bucket, never more buckets than the page
		// draws
		JsonNode century = json("/events/histogram.json?account=" + this.trail.account + "&from=1900-01-01");
		Duration days = Duration.parse(century.path("interval").asString());
		assertThat(days.toSeconds() % 86_400).isZero();
		assertThat(century.path("buckets").size()).isBetween(100, Aggregations.MAX_BUCKETS);
		assertThat(Instant.parse(century.path("buckets").path(0).path("start").asString()))
			.isBeforeOrEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
		long centurySum = 0;
		for (JsonNode bucket : century.path("buckets")) {
			centurySum += bucket.path("count").asLong();
		}
		assertThat(centurySum).isEqualTo(27);

		JsonNode stats = json("/events/stats.json?" + this.scope + "&by=event,requestParameters.bucketName");
		assertThat(stats.propertyNames()).containsExactly("estimate", "by", "rows", "other", "total");
		assertThat(stats.path("estimate").isBoolean()).isTrue();
		assertThat(stats.path("by")).extracting(JsonNode::asString)
			.containsExactly("event", "requestParameters.bucketName");
		assertThat(stats.path("other").isIntegralNumber()).isTrue();
		assertThat(stats.path("total").isIntegralNumber()).isTrue();
		assertThat(stats.path("rows").isArray()).isTrue();
		assertThat(stats.path("rows")).isNotEmpty();
		for (JsonNode row : stats.path("rows")) {
			assertThat(row.propertyNames()).containsExactly("values", "count", "first_seen", "last_seen");
			assertThat(row.path("values")).hasSize(2).allSatisfy(v -> assertThat(v.isString() || v.isNull()).isTrue());
			assertThat(row.path("count").isIntegralNumber()).isTrue();
			Instant first = Instant.parse(row.path("first_seen").asString());
			Instant last = Instant.parse(row.path("last_seen").asString());
			assertThat(first).isBeforeOrEqualTo(last);
		}
		JsonNode distinct = json("/events/stats.json?" + this.scope + "&by=eventName&distinct=ip");
		for (JsonNode row : distinct.path("rows")) {
			assertThat(row.propertyNames()).containsExactly("values", "count", "first_seen", "last_seen", "distinct");
			assertThat(row.path("distinct").isIntegralNumber()).isTrue();
		}
	}

	// ---- refusals
	// -----------------------------------------------------------------------------------

	@Test
	void refusesABadGroupBy() throws Exception {
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("&by=eventName,errorCode,awsRegion,userAgent", "Group by 1 to 3 fields (got 4).");
		bad.put("&by=evntName", "Unknown field");
		bad.put("&by=resource", "cannot be grouped by: group by a record path such as resources.ARN.");
		bad.put("&by=eventName,event", "is named twice in by.");
		bad.put("&by=eventTime", "Group by time with the histogram of the search page.");
		bad.put("&by=requestParameters..bucketName", "is not a valid path");
		bad.put("&by=eventName&distinct=resource", "cannot be grouped by");
		bad.put("&by=eventName&order=sideways", "Order is count, rare, first, last or one of the grouped fields");
		bad.put("&by=eventName&order=errorCode", "Order is count, rare, first, last or one of the grouped fields");
		bad.put("&by=eventName&top=0", "The number of groups is 1 to 100000");
		bad.put("&by=eventName&top=100001", "The number of groups is 1 to 100000");
		bad.put("&by=eventName&top=ten", "The number of groups is 1 to 100000");
		bad.put("&by=eventName&q=eventName:(Get", "");
		for (Map.Entry<String, String> entry : bad.entrySet()) {
			String query = "/events/stats?" + this.scope + entry.getKey();
			String message = entry.getValue();
			this.mvc.perform(get(query))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("<html")))
				.andExpect(content().string(containsString("role=\"alert\"")))
				.andExpect(content().string(containsString(message)));
			this.mvc.perform(get(query).header("HX-Request", "true"))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("role=\"alert\"")))
				.andExpect(content().string(containsString(message)));
			this.mvc.perform(get(query.replace("/events/stats?", "/events/stats.json?")))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.error").value(containsString(message)));
			this.mvc.perform(csvRequest(query.replace("/events/stats?", "/events/stats.csv?")))
				.andExpect(status().isBadRequest())
				.andExpect(header().string("Content-Type", startsWith("text/plain")))
				.andExpect(content().string(containsString(message)));
		}
		// without fields the page is the empty form that asks for them; a script is told
		// what is missing
		this.mvc.perform(get("/events/stats?" + this.scope))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Name 1 to 3 fields to group by")));
		this.mvc.perform(get("/events/stats.json?" + this.scope))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("Name 1 to 3 fields to group by, e.g. by=eventName,errorCode."));
		this.mvc.perform(csvRequest("/events/stats.csv?" + this.scope + "&by="))
			.andExpect(status().isBadRequest())
			.andExpect(content().string("Name 1 to 3 fields to group by, e.g. by=eventName,errorCode."));
		this.mvc.perform(csvRequest("/events/stats.csv?" + this.scope + "&by=eventName&limit=0"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("The number of groups is 1 to 100000")));
	}

	// ---- CSV
	// ----------------------------------------------------------------------------------------

	@Test
	void exportsTheGroupsAsFormulaSafeCsvUpToTheLimit() throws Exception {
		String by = "&by=event,requestParameters.bucketName&distinct=ip";
		String body = this.mvc.perform(csvRequest("/events/stats.csv?" + this.scope + by))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", startsWith("text/csv")))
			.andExpect(header().string("Content-Disposition", startsWith("attachment; filename=\"trailscope-stats-")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<List<String>> rows = csv(body);
		assertThat(rows.get(0)).containsExactly("event", "requestParameters.bucketName", "count", "first_seen",
				"last_seen", "distinct_ip");
		List<List<String>> data = rows.subList(1, rows.size());
		assertThat(data).extracting(row -> row.get(1))
			.contains("'" + FORMULA, "'" + AT_FORMULA, "logs", "data", "")
			.doesNotContain(FORMULA, AT_FORMULA);
		assertThat(data).filteredOn(row -> row.get(1).equals("'" + FORMULA))
			.singleElement()
			.satisfies(row -> assertThat(row.subList(2, 3)).containsExactly("2"))
			.satisfies(row -> assertThat(row.get(5)).isEqualTo("2"))
			.satisfies(row -> assertThat(Instant.parse(row.get(3))).isBefore(Instant.parse(row.get(4))));
		// the same groups and counts as the JSON, in the same order
		Stats json = stats(by);
		assertThat(data).extracting(row -> Long.parseLong(row.get(2)))
			.isEqualTo(json.rows().stream().map(Row::count).toList());

		assertThat(csv(this.mvc.perform(csvRequest("/events/stats.csv?" + this.scope + "&by=eventName&limit=2"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString())).hasSize(3);
		// 1,100 groups, 1,000 exported unless asked for more
		String groups = "/events/stats.csv?account=" + this.bulk.account + "&range=all&by=eventID";
		assertThat(csv(this.mvc.perform(csvRequest(groups)).andReturn().getResponse().getContentAsString()))
			.hasSize(EventStatsController.CSV_LIMIT + 1);
		String more = this.mvc.perform(csvRequest(groups + "&limit=1100"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(csv(more)).hasSize(1_101);
	}

	// ---- helpers
	// ------------------------------------------------------------------------------------

	/** One group as the JSON gives it, or as SQL counts it. */
	record Row(List<String> values, long count, String firstSeen, String lastSeen, Long distinct) {
	}

	record Stats(boolean estimate, List<String> by, List<Row> rows, long other, long total) {
	}

	private Stats stats(String parameters) throws Exception {
		return parseStats(this.mvc.perform(get("/events/stats.json?" + this.scope + parameters))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private Stats parseStats(String body) {
		JsonNode json = this.mapper.readTree(body);
		List<String> by = new ArrayList<>();
		json.path("by").forEach(b -> by.add(b.asString()));
		List<Row> rows = new ArrayList<>();
		for (JsonNode row : json.path("rows")) {
			List<String> values = new ArrayList<>();
			row.path("values").forEach(v -> values.add(v.isNull() ? null : v.asString()));
			rows.add(new Row(values, row.path("count").asLong(), row.path("first_seen").asString(),
					row.path("last_seen").asString(), row.has("distinct") ? row.path("distinct").asLong() : null));
		}
		return new Stats(json.path("estimate").asBoolean(), by, rows, json.path("other").asLong(),
				json.path("total").asLong());
	}

	/** The groups of this trail by the SQL expressions, counted by the database. */
	private List<Row> sqlGroups(List<String> keys, String distinct) {
		int n = keys.size();
		String groupBy = String.join(", ", IntStream.rangeClosed(1, n).mapToObj(String::valueOf).toList());
		return this.jdbc
			.sql("select " + String.join(", ", keys)
					+ ", count(*) as n, min(event_time) as first_seen, max(event_time) as last_seen"
					+ (distinct == null ? "" : ", count(distinct " + distinct + ") as d")
					+ " from events where recipient_account_id = :account group by " + groupBy)
			.param("account", this.trail.account)
			.query((rs, i) -> {
				List<String> values = new ArrayList<>();
				for (int k = 1; k <= n; k++) {
					values.add(rs.getString(k));
				}
				return new Row(values, rs.getLong("n"), instant(rs.getTimestamp("first_seen")),
						instant(rs.getTimestamp("last_seen")), distinct == null ? null : rs.getLong("d"));
			})
			.list();
	}

	/**
	 * The order the view promises: by count, count ascending, newest first or last seen,
	 * or value; ties by value.
	 */
	private static List<Row> sorted(List<Row> rows, String order) {
		Comparator<String> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
		Comparator<Row> byValues = (a, b) -> {
			for (int i = 0; i < a.values().size(); i++) {
				int c = nullsLast.compare(a.values().get(i), b.values().get(i));
				if (c != 0) {
					return c;
				}
			}
			return 0;
		};
		Comparator<Row> comparator = switch (order) {
			case "count" -> Comparator.comparingLong(Row::count).reversed();
			case "rare" -> Comparator.comparingLong(Row::count);
			case "first" -> Comparator.comparing((Row r) -> Instant.parse(r.firstSeen())).reversed();
			case "last" -> Comparator.comparing((Row r) -> Instant.parse(r.lastSeen())).reversed();
			default -> (a, b) -> 0;
		};
		List<Row> sorted = new ArrayList<>(rows);
		sorted.sort(comparator.thenComparing(byValues));
		return sorted;
	}

	private JsonNode json(String url) throws Exception {
		return this.mapper.readTree(
				this.mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
	}

	/**
	 * A request of a CSV: the body is streamed after the handler returns, in an async
	 * dispatch.
	 */
	private RequestBuilder csvRequest(String url) throws Exception {
		MvcResult started = this.mvc.perform(get(url)).andExpect(request().asyncStarted()).andReturn();
		return asyncDispatch(started);
	}

	private static List<List<String>> csv(String body) {
		List<List<String>> rows = new ArrayList<>();
		try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(body)) {
			reader.forEach(record -> rows.add(record.getFields()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return rows;
	}

	/**
	 * The link to the search narrowed by a term, as the templates write it into an
	 * attribute.
	 */
	private static String link(EventSearch search, String term) {
		return "href=\"" + search.withQueryTerm(term).url("/events").replace("&", "&amp;") + "\"";
	}

	private EventSearch search(String... pairs) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			parameters.add(pairs[i], pairs[i + 1]);
		}
		EventSearch search = EventSearch.of(parameters, this.now);
		assertThat(search.problem()).isEmpty();
		return search;
	}

	private static String instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant().toString();
	}

}
