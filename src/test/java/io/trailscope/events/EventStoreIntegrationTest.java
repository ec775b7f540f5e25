package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.trailscope.web.Keyset;
import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import java.util.Arrays;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every filter of the search form against real PostgreSQL, included and excluded, plus
 * time ranges, keyset paging, counts, facets, the histogram and cross-account copies. All
 * searches are scoped to this class's events by a tag in their request parameters.
 */
@TrailscopeIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStoreIntegrationTest {

	@Autowired
	IngestService ingest;

	@Autowired
	EventStore store;

	@Autowired
	Aggregations aggregations;

	final TestTrail trail = new TestTrail();

	final String other = String.valueOf(Long.parseLong(this.trail.account) + 1).substring(0, 12);

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	TestTrail.Rec a;

	TestTrail.Rec b;

	TestTrail.Rec c;

	TestTrail.Rec d;

	TestTrail.Rec e;

	TestTrail.Rec f;

	@BeforeAll
	void load() {
		String account = this.trail.account;
		this.a = this.trail.add("CreateUser", this.now.minus(Duration.ofMinutes(5)))
			.set("eventSource", "iam.amazonaws.com")
			.set("sourceIPAddress", "198.51.100.7")
			.set("userAgent", "console.amazonaws.com")
			.set("readOnly", false)
			.set("requestParameters.userName", "bob")
			.resource("arn:aws:iam::" + account + ":user/bob", "AWS::IAM::User");
		this.b = this.trail.add("CreateSecurityGroup", this.now.minus(Duration.ofHours(2)))
			.assumedRole(account, "Deploy", "ci-session", "ASIATESTDEPLOY" + this.trail.tag.toUpperCase())
			.set("awsRegion", "eu-west-1")
			.set("sourceIPAddress", "10.1.2.3")
			.set("userAgent", "Boto3/1.34.0 md/Botocore#1.34.0")
			.set("readOnly", false)
			.set("requestParameters.groupName", "web")
			.failed("AccessDenied", "not authorized");
		this.c = this.trail.add("DescribeInstances", this.now.minus(Duration.ofDays(3)))
			.set("requestParameters.instancesSet.items",
					JsonMapper.builder().build().readTree("[{\"instanceId\":\"i-0abc" + this.trail.tag + "\"}]"));
		this.d = this.trail.add("ConsoleLogin", this.now.minus(Duration.ofDays(40)))
			.set("eventSource", "signin.amazonaws.com")
			.set("eventType", "AwsConsoleSignIn")
			.set("sourceIPAddress", "192.0.2.44")
			.set("readOnly", false)
			.set("additionalEventData.MFAUsed", "No")
			.failed("Failed authentication", "Failed authentication");
		this.e = this.trail.add("PutObject", this.now.minus(Duration.ofHours(1)))
			.set("recipientAccountId", this.other)
			.set("eventSource", "s3.amazonaws.com");
		this.f = this.trail.add("GetObject", this.now.minus(Duration.ofHours(20)))
			.set("eventSource", "s3.amazonaws.com")
			.set("awsRegion", "us-west-2")
			.set("eventCategory", "Data")
			.set("managementEvent", false)
			.set("sourceIPAddress", "athena.amazonaws.com")
			.set("userAgent", "athena.amazonaws.com")
			.with(node -> {
				node.remove("userIdentity");
				node.putObject("userIdentity").put("type", "AWSService").put("invokedBy", "athena.amazonaws.com");
			});
		for (TestTrail.Rec rec : List.of(this.a, this.b, this.c, this.d, this.e, this.f)) {
			rec.set("requestParameters.testTag", this.trail.tag);
		}
		this.trail.load(this.ingest);
	}

	@Test
	void filtersByAccount() {
		assertThat(ids("account", this.trail.account)).isEqualTo(names(this.a, this.b, this.c, this.d, this.f));
		assertThat(ids("not.account", this.trail.account)).isEqualTo(names(this.e));
		assertThat(ids("account", this.trail.account, "account", this.other)).hasSize(6);
	}

	@Test
	void filtersByRegion() {
		assertThat(ids("region", "eu-west-1")).isEqualTo(names(this.b));
		assertThat(ids("not.region", "eu-west-1")).isEqualTo(names(this.a, this.c, this.d, this.e, this.f));
	}

	@Test
	void filtersByEventSource() {
		assertThat(ids("source", "iam.amazonaws.com")).isEqualTo(names(this.a));
		assertThat(ids("not.source", "s3.amazonaws.com")).isEqualTo(names(this.a, this.b, this.c, this.d));
	}

	@Test
	void filtersByEventNameWithWildcards() {
		assertThat(ids("name", "Create*")).isEqualTo(names(this.a, this.b));
		assertThat(ids("not.name", "Create*")).isEqualTo(names(this.c, this.d, this.e, this.f));
		assertThat(ids("name", "ConsoleLogin", "name", "GetObject")).isEqualTo(names(this.d, this.f));
	}

	@Test
	void filtersByUserNameRoleSessionAndArn() {
		assertThat(ids("user", "Deploy")).isEqualTo(names(this.b));
		assertThat(ids("user", "Deploy/ci-session")).isEqualTo(names(this.b));
		assertThat(ids("user", "arn:aws:sts::" + this.trail.account + ":assumed-role/Deploy/ci-session"))
			.isEqualTo(names(this.b));
		assertThat(ids("user", "alice")).isEqualTo(names(this.a, this.c, this.d, this.e));
		assertThat(ids("not.user", "alice")).isEqualTo(names(this.b, this.f));
	}

	@Test
	void filtersByAccessKey() {
		String key = "ASIATESTDEPLOY" + this.trail.tag.toUpperCase();
		assertThat(ids("key", key)).isEqualTo(names(this.b));
		assertThat(ids("not.key", key)).isEqualTo(names(this.a, this.c, this.d, this.e, this.f));
	}

	@Test
	void filtersByIdentityType() {
		assertThat(ids("identity", "AssumedRole")).isEqualTo(names(this.b));
		assertThat(ids("not.identity", "IAMUser")).isEqualTo(names(this.b, this.f));
	}

	@Test
	void filtersBySourceAddressExactOrCidr() {
		assertThat(ids("ip", "10.1.2.3")).isEqualTo(names(this.b));
		assertThat(ids("ip", "10.0.0.0/8")).isEqualTo(names(this.b));
		assertThat(ids("ip", "198.51.100.0/24", "ip", "192.0.2.0/24")).isEqualTo(names(this.a, this.d));
		assertThat(ids("not.ip", "10.0.0.0/8")).isEqualTo(names(this.a, this.c, this.d, this.e, this.f));
		assertThat(ids("ip", "athena.amazonaws.com")).isEqualTo(names(this.f));
	}

	@Test
	void filtersByUserAgentContaining() {
		assertThat(ids("agent", "Boto3")).isEqualTo(names(this.b));
		assertThat(ids("not.agent", "aws-cli")).isEqualTo(names(this.a, this.b, this.f));
		assertThat(ids("agent", "cli/2.15.0 Python/3")).isEqualTo(names(this.c, this.d, this.e));
	}

	@Test
	void filtersByErrorAnyNoneOrCode() {
		assertThat(ids("error", "any")).isEqualTo(names(this.b, this.d));
		assertThat(ids("error", "none")).isEqualTo(names(this.a, this.c, this.e, this.f));
		assertThat(ids("error", "AccessDenied")).isEqualTo(names(this.b));
		assertThat(ids("not.error", "AccessDenied")).isEqualTo(names(this.a, this.c, this.d, this.e, this.f));
		assertThat(ids("not.error", "any")).isEqualTo(names(this.a, this.c, this.e, this.f));
	}

	@Test
	void filtersByReadOnly() {
		assertThat(ids("readOnly", "false")).isEqualTo(names(this.a, this.b, this.d));
		assertThat(ids("readOnly", "true")).isEqualTo(names(this.c, this.e, this.f));
		assertThat(ids("not.readOnly", "false")).isEqualTo(names(this.c, this.e, this.f));
	}

	@Test
	void filtersByEventTypeAndCategory() {
		assertThat(ids("type", "AwsConsoleSignIn")).isEqualTo(names(this.d));
		assertThat(ids("not.type", "AwsConsoleSignIn")).isEqualTo(names(this.a, this.b, this.c, this.e, this.f));
		assertThat(ids("category", "Data")).isEqualTo(names(this.f));
		assertThat(ids("not.category", "Data")).isEqualTo(names(this.a, this.b, this.c, this.d, this.e));
	}

	@Test
	void filtersByResource() {
		String bob = "arn:aws:iam::" + this.trail.account + ":user/bob";
		assertThat(ids("resource", bob)).isEqualTo(names(this.a));
		assertThat(ids("not.resource", bob)).isEqualTo(names(this.b, this.c, this.d, this.e, this.f));
	}

	@Test
	void filtersByAnyJsonPath() {
		assertThat(ids("json", "requestParameters.groupName:web")).isEqualTo(names(this.b));
		assertThat(ids("not.json", "requestParameters.groupName:web"))
			.isEqualTo(names(this.a, this.c, this.d, this.e, this.f));
		assertThat(ids("json", "requestParameters.userName:*")).isEqualTo(names(this.a));
		assertThat(ids("json", "additionalEventData.MFAUsed:No")).isEqualTo(names(this.d));
	}

	@Test
	void filtersByFreeTextAnywhereInTheRecord() {
		assertThat(ids("text", "i-0abc" + this.trail.tag)).isEqualTo(names(this.c));
		assertThat(ids("not.text", "i-0abc" + this.trail.tag)).isEqualTo(names(this.a, this.b, this.d, this.e, this.f));
	}

	@Test
	void combinesFiltersWithTheQuery() {
		assertThat(ids("q", "eventSource:s3.amazonaws.com", "account", this.trail.account)).isEqualTo(names(this.f));
		assertThat(ids("q", "errorCode:* OR readOnly:true", "not.name", "Get*"))
			.isEqualTo(names(this.b, this.c, this.d, this.e));
	}

	@Test
	void boundsByRelativeRanges() {
		assertThat(idsIn(Map.of("range", "15m"))).isEqualTo(names(this.a));
		assertThat(idsIn(Map.of())).as("24 hours by default").isEqualTo(names(this.a, this.b, this.e, this.f));
		assertThat(idsIn(Map.of("range", "7d"))).isEqualTo(names(this.a, this.b, this.c, this.e, this.f));
		assertThat(idsIn(Map.of("range", "90d"))).hasSize(6);
		assertThat(idsIn(Map.of("from", "now-24h"))).isEqualTo(names(this.a, this.b, this.e, this.f));
		assertThat(idsIn(Map.of("from", "now-7d", "to", "now-1d"))).isEqualTo(names(this.c));
	}

	@Test
	void boundsByAbsoluteInstantsAndDates() {
		assertThat(idsIn(
				Map.of("from", this.c.time.minusSeconds(1).toString(), "to", this.c.time.plusSeconds(1).toString())))
			.isEqualTo(names(this.c));
		String day = this.d.time.toString().substring(0, 10);
		assertThat(idsIn(Map.of("from", day, "to", day))).as("a date as 'to' includes the day")
			.isEqualTo(names(this.d));
		assertThat(idsIn(Map.of("to", this.d.time.plusSeconds(1).toString()))).isEqualTo(names(this.d));
	}

	@Test
	void pagesByKeysetInBothOrders() {
		for (boolean oldest : List.of(false, true)) {
			EventSearch search = search(oldest ? List.of("range", "all", "sort", "oldest") : List.of("range", "all"));
			List<String> all = this.store.page(search, 100).stream().map(EventRow::eventId).toList();
			assertThat(all).hasSize(6);
			List<String> paged = new ArrayList<>();
			EventSearch next = search;
			while (true) {
				List<EventRow> page = this.store.page(next, 2);
				page.forEach(row -> paged.add(row.eventId()));
				if (page.size() < 2) {
					break;
				}
				EventRow last = page.get(page.size() - 1);
				next = search.after(Keyset.after(last.eventTime(), last.seq()));
			}
			assertThat(paged).isEqualTo(all);
			List<Instant> times = this.store.page(search, 100).stream().map(EventRow::eventTime).toList();
			assertThat(times).isSortedAccordingTo(oldest ? Instant::compareTo : (x, y) -> y.compareTo(x));
		}
	}

	@Test
	void countsExactlyUpToTheCap() {
		EventSearch search = search(List.of("range", "all"));
		assertThat(this.store.count(search, 10_000)).isEqualTo(new EventStore.Count(6, false));
		EventStore.Count capped = this.store.count(search, 3);
		assertThat(capped.estimate()).isTrue();
		assertThat(capped.value()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void facetsTheMatchingEvents() {
		List<Aggregate.Facet> facets = this.aggregations.facets(search(List.of("range", "all")), 10);
		// a record path in the query: not a rollup's field, and so few match that every
		// one is read
		assertThat(facets).allSatisfy(f -> assertThat(f.basis().method()).isEqualTo(Aggregate.Method.EXACT));
		Map<String, Map<String, Long>> byFacet = facets.stream()
			.collect(Collectors.toMap(f -> f.spec().id(),
					f -> f.values()
						.stream()
						.collect(Collectors.toMap(v -> String.valueOf(v.value()), Aggregate.Value::count))));
		assertThat(byFacet.get("source")).containsEntry("s3.amazonaws.com", 2L).containsEntry("iam.amazonaws.com", 1L);
		assertThat(byFacet.get("error")).containsOnly(Map.entry("AccessDenied", 1L),
				Map.entry("Failed authentication", 1L), Map.entry("null", 4L));
		assertThat(byFacet.get("account")).containsOnly(Map.entry(this.trail.account, 5L), Map.entry(this.other, 1L));
		assertThat(byFacet.get("principal")).containsEntry("alice", 4L).containsEntry("Deploy/ci-session", 1L);
	}

	@Test
	void drawsAHistogramOfTheWindow() {
		Histogram histogram = this.aggregations.histogram(search(List.of("range", "24h")), this.now.plusSeconds(1))
			.histogram();
		assertThat(histogram.step()).isEqualTo(Duration.ofMinutes(30));
		assertThat(histogram.bars().size()).isBetween(48, 50);
		assertThat(histogram.total()).isEqualTo(4);
		assertThat(histogram.bars().stream().mapToLong(Histogram.Bar::count).sum()).isEqualTo(4);
		Histogram.Bar tallest = histogram.bars().stream().filter(bar -> bar.count() > 0).findFirst().orElseThrow();
		assertThat(tallest.height()).isEqualTo(100.0);
	}

	@Test
	void findsEveryCopyOfACrossAccountEvent() {
		TestTrail copies = new TestTrail();
		Instant time = this.now.minus(Duration.ofMinutes(30));
		TestTrail.Rec first = copies.add("AssumeRole", time).set("sharedEventID", "shared-" + copies.tag);
		copies.load(this.ingest);
		TestTrail second = new TestTrail();
		second.add("AssumeRole", time).with(node -> {
			node.put("eventID", first.id);
			node.put("sharedEventID", "shared-" + copies.tag);
		});
		second.load(this.ingest);
		List<EventRow> rows = this.store.copies(first.id);
		assertThat(rows).extracting(EventRow::recipientAccountId)
			.containsExactlyInAnyOrder(copies.account, second.account);
		assertThat(rows).allSatisfy(row -> assertThat(row.record()).contains(first.id));
	}

	private Set<String> ids(String... parameters) {
		List<String> list = new ArrayList<>(List.of(parameters));
		list.add("range");
		list.add("all");
		return this.store.page(search(list), 1000).stream().map(EventRow::eventId).collect(Collectors.toSet());
	}

	private Set<String> idsIn(Map<String, String> time) {
		List<String> list = new ArrayList<>();
		time.forEach((k, v) -> {
			list.add(k);
			list.add(v);
		});
		return this.store.page(search(list), 1000).stream().map(EventRow::eventId).collect(Collectors.toSet());
	}

	private EventSearch search(List<String> pairs) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.add("json", "requestParameters.testTag:" + this.trail.tag);
		for (int i = 0; i < pairs.size(); i += 2) {
			parameters.add(pairs.get(i), pairs.get(i + 1));
		}
		EventSearch search = EventSearch.of(parameters, this.now.plusSeconds(1));
		assertThat(search.problem()).as("problem of %s", parameters).isEmpty();
		return search;
	}

	private static Set<String> names(TestTrail.Rec... recs) {
		return Arrays.stream(recs).map(rec -> rec.id).collect(Collectors.toSet());
	}

}
