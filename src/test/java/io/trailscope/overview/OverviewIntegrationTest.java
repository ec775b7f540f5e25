package io.trailscope.overview;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.events.TestTrail;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The overview against real PostgreSQL: every number it shows is the count of the search
 * it links to, what stands out is counted, blank values read "(none)", an empty database
 * says how to load one, and ingest is for admins. The trail's events lie on one day of
 * their own, long ago, which no other test writes to, so the overview of that day sees
 * only them.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewIntegrationTest {

	private static final Pattern NUMBER_LINK = Pattern
		.compile("<a class=\"n[^\"]*\" href=\"(/events\\?[^\"]+)\"[^>]*>([^<]+)</a>");

	private static final Pattern RANKED_LINK = Pattern.compile(
			"<a class=\"ranked[^\"]*\" href=\"(/events\\?[^\"]+)\"[^>]*>\\s*<span class=\"value\">([^<]*)</span>\\s*<span class=\"n\">([^<]+)</span>");

	private static final Pattern NOTABLE = Pattern
		.compile("data-notable=\"([^\"]+)\"[^>]*>\\s*<a class=\"n\" href=\"([^\"]+)\"[^>]*>([^<]+)</a>");

	private static final Pattern EVENTS_COUNT = Pattern.compile("class=\"count\">([\\d,]+) events?<");

	@Autowired
	MockMvc mvc;

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	final TestTrail trail = new TestTrail();

	/** The trail's day, as the overview's from and to. */
	String period;

	@BeforeAll
	void load() {
		LocalDate day = LocalDate.ofInstant(TestTrail.dayOfItsOwn(2001, 11), ZoneOffset.UTC);
		this.period = "from=" + day + "&to=" + day;
		Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
		int[] minute = { 0 };
		Function<String, TestTrail.Rec> next = name -> this.trail.add(name, start.plusSeconds(60L * (++minute[0] * 7)));
		for (int i = 0; i < 3; i++) {
			next.apply("DescribeInstances").set("userIdentity.type", "Root");
		}
		for (int i = 0; i < 2; i++) {
			next.apply("ConsoleLogin")
				.set("eventSource", "signin.amazonaws.com")
				.set("responseElements.ConsoleLogin", "Success")
				.set("additionalEventData.MFAUsed", "No")
				.set("readOnly", false);
		}
		next.apply("AuthorizeSecurityGroupIngress").set("readOnly", false).with(record -> {
			ObjectNode range = JsonNodeFactory.instance.objectNode().put("cidrIp", "0.0.0.0/0");
			ObjectNode permission = JsonNodeFactory.instance.objectNode();
			permission.putObject("ipRanges").putArray("items").add(range);
			ObjectNode parameters = record.putObject("requestParameters");
			parameters.put("groupId", "sg-0123456789abcdef0");
			parameters.putObject("ipPermissions").putArray("items").add(permission);
		});
		next.apply("StopLogging").set("eventSource", "cloudtrail.amazonaws.com").set("readOnly", false);
		for (int i = 0; i < 2; i++) {
			next.apply("CreateAccessKey").set("eventSource", "iam.amazonaws.com").set("readOnly", false);
		}
		for (int i = 0; i < 4; i++) {
			next.apply("GetObject").set("eventSource", "s3.amazonaws.com").failed("AccessDenied", "not authorized");
		}
		for (int i = 0; i < 5; i++) {
			next.apply("DescribeInstances").set("awsRegion", i < 3 ? "eu-west-1" : "us-east-1");
		}
		this.trail.load(this.ingest);

		// eventVersion 1.01 has no recipientAccountId, and a local file has no key naming
		// the
		// account: stored as ""
		TestTrail orphans = new TestTrail();
		TestTrail.Rec orphan = orphans.add("DescribeRegions", start.plusSeconds(3600 * 5))
			.set("eventVersion", "1.01")
			.set("recipientAccountId", null);
		byte[] bytes = orphans.file(List.of(orphan)).bytes();
		ObjectRef ref = new ObjectRef("file", "", "answers/" + orphan.id + ".json.gz", "v1", bytes.length,
				Instant.now(), ObjectKind.LOG);
		IngestResult result = this.ingest.ingest(ref, () -> new ByteArrayInputStream(bytes));
		assertThat(result.loaded()).as("loaded: %s", result).isEqualTo(1);
	}

	@Test
	void countsWhatStandsOutInThePeriod() throws Exception {
		String notable = part("notable");
		Map<String, String> counts = new LinkedHashMap<>();
		Matcher m = NOTABLE.matcher(notable);
		while (m.find()) {
			counts.put(m.group(1), m.group(3).strip());
		}
		assertThat(counts).containsExactly(Map.entry("root-activity", "3"), Map.entry("console-without-mfa", "2"),
				Map.entry("iam-changes", "2"), Map.entry("security-groups-open-to-the-world", "1"),
				Map.entry("cloudtrail-tampering", "1"), Map.entry("access-denied", "4"));
		// each beside the investigation it is, and the refused calls beside who was
		// refused
		assertThat(notable).contains("href=\"/investigations#root-activity\"")
			.contains("href=\"/investigations#cloudtrail-tampering\"")
			.containsPattern("<span class=\"value\">[^<]*alice</span>\\s*<span class=\"n\">4</span>");
	}

	@Test
	void everyNumberIsTheCountOfTheSearchItLinksTo() throws Exception {
		List<String[]> links = new ArrayList<>();
		for (String part : List.of("activity", "volumes", "notable")) {
			String html = part(part);
			Matcher plain = NUMBER_LINK.matcher(html);
			while (plain.find()) {
				links.add(new String[] { plain.group(1), plain.group(2) });
			}
			Matcher ranked = RANKED_LINK.matcher(html);
			while (ranked.find()) {
				links.add(new String[] { ranked.group(1), ranked.group(3) });
			}
		}
		// the span of all time, the day's total, 6 notables, the principal refused, and
		// the rankings
		assertThat(links).hasSizeGreaterThan(15);
		int compared = 0;
		for (String[] link : links) {
			String href = link[0].replace("&amp;", "&");
			String shown = link[1].strip();
			if (href.equals("/events?range=all")) {
				// all time, in the database every test shares (and whose rollups some
				// tests
				// take apart): /events estimates it beyond its cap
				continue;
			}
			String events = this.mvc.perform(get(URI.create("http://localhost" + href)))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			Matcher count = EVENTS_COUNT.matcher(events);
			assertThat(count.find()).as("a count on %s", href).isTrue();
			assertThat(shown).as("%s", href).doesNotStartWith("≈").isEqualTo(count.group(1));
			compared++;
		}
		assertThat(compared).isGreaterThan(15);
	}

	@Test
	void countsTheDayAndRanksItsValues() throws Exception {
		String activity = part("activity");
		assertThat(activity).containsPattern("class=\"n period-total\" href=\"[^\"]+\">19</a>");
		String volumes = part("volumes");
		assertThat(volumes)
			.containsPattern("<span class=\"value\">" + this.trail.account + "</span>\\s*<span class=\"n\">18</span>")
			.containsPattern("<span class=\"value\">AccessDenied</span>\\s*<span class=\"n\">4</span>")
			.containsPattern("<span class=\"value\">eu-west-1</span>\\s*<span class=\"n\">3</span>");
	}

	@Test
	void countsARangeOfDaysAsWholeDaysEndingToday() throws Exception {
		String activity = this.mvc.perform(get("/?range=7d&part=activity").header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		// today and the six days before it (or, past midnight since the request, before
		// yesterday)
		String weekAgo = LocalDate.now(ZoneOffset.UTC).minusDays(6).toString();
		assertThat(activity).containsPattern("class=\"n period-total\" href=\"/events\\?from=(" + weekAgo + "|"
				+ LocalDate.parse(weekAgo).minusDays(1) + ")\"");
	}

	@Test
	void showsABlankAccountAsNoneLinkedToTheEventsWithoutOne() throws Exception {
		String volumes = part("volumes");
		Matcher none = Pattern.compile(
				"<a class=\"ranked none\" href=\"([^\"]+)\"[^>]*>\\s*<span class=\"value\">\\(none\\)</span>\\s*<span class=\"n\">1</span>")
			.matcher(volumes);
		assertThat(none.find()).as(volumes).isTrue();
		String href = none.group(1).replace("&amp;", "&");
		assertThat(URLDecoder.decode(href, StandardCharsets.UTF_8)).contains("q=-recipientAccountId:*");
		this.mvc.perform(get(URI.create("http://localhost" + href)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"count\">1 event<")));
	}

	@Test
	void loadsEachPartOnItsOwnAndWorksWithoutScripts() throws Exception {
		String page = this.mvc.perform(get("/?" + this.period))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		for (String part : List.of("activity", "volumes", "notable")) {
			String url = "/?" + this.period.replace("&", "&amp;") + "&amp;part=" + part;
			assertThat(page).contains("hx-get=\"" + url + "\"").contains("class=\"no-js\" href=\"" + url + "\"");
		}
		assertThat(page).contains("class=\"query-box\"").doesNotContain("part=ingest");
		// without scripts, a part's link is the page with that part filled in
		this.mvc.perform(get("/?" + this.period + "&part=notable"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("data-notable=\"root-activity\"")));
		this.mvc.perform(get("/?range=forever"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Unknown period")));
		this.mvc.perform(get("/?from=yesterday&part=volumes").header("HX-Request", "true"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Cannot read the time")))
			.andExpect(content().string(not(containsString("<html"))));
		// a part is a name the page knows, never a fragment expression of the request's
		this.mvc.perform(get("/").param("part", "activity :: __${7*7}__").header("HX-Request", "true"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Unknown part")))
			.andExpect(content().string(not(containsString("49"))));
	}

	@Test
	void showsIngestToViewersNever() throws Exception {
		this.mvc.perform(get("/?" + this.period + "&part=ingest").header("HX-Request", "true"))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/")).andExpect(content().string(not(containsString("ingest-line"))));
	}

	@Test
	@WithMockUser(roles = "ADMIN")
	void showsIngestToAdminsInOneLine() throws Exception {
		this.mvc.perform(get("/?" + this.period))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("part=ingest")));
		this.mvc.perform(get("/?" + this.period + "&part=ingest").header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"overview-part ingest-line\"")))
			.andExpect(content().string(containsString("failed file")))
			.andExpect(content().string(not(containsString("<html"))));
	}

	/**
	 * Nothing loaded at all: every event and count deleted inside the test's transaction,
	 * which is rolled back after it.
	 */
	@Test
	@Transactional
	void saysHowToLoadDataWhenThereIsNone() throws Exception {
		this.jdbc.sql("delete from event_counts").update();
		this.jdbc.sql("delete from events").update();
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No events yet")))
			.andExpect(content().string(containsString("class=\"query-box\"")))
			.andExpect(content().string(not(containsString("part=notable"))))
			.andExpect(content().string(not(containsString("href=\"/ingest\""))));
	}

	@Test
	@Transactional
	@WithMockUser(roles = "ADMIN")
	void sendsAdminsToTheIngestPageWhenThereIsNothing() throws Exception {
		this.jdbc.sql("delete from event_counts").update();
		this.jdbc.sql("delete from events").update();
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No events yet")))
			.andExpect(content().string(containsString("class=\"button\" href=\"/ingest\"")));
	}

	private String part(String part) throws Exception {
		return this.mvc.perform(get("/?" + this.period + "&part=" + part).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}
