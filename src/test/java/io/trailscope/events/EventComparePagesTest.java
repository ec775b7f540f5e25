package io.trailscope.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Comparing events from the results: the picker beside each row, and the page that sets
 * their records side by side with the differences marked.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventComparePagesTest {

	@Autowired
	IngestService ingest;

	@Autowired
	MockMvc mvc;

	final TestTrail trail = new TestTrail();

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	TestTrail.Rec first;

	TestTrail.Rec replayed;

	@BeforeAll
	void load() {
		this.first = this.trail.add("CreateAccessKey", this.now.minusSeconds(600))
			.set("sourceIPAddress", "198.51.100.7");
		this.replayed = this.trail.add("CreateAccessKey", this.now.minusSeconds(300))
			.set("sourceIPAddress", "203.0.113.99")
			.set("userAgent", "python-requests/2.31");
		this.trail.load(this.ingest);
	}

	@Test
	void everyResultRowCanBePickedForTheComparison() throws Exception {
		this.mvc.perform(get("/events?account=" + this.trail.account + "&range=24h"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(
					"<form id=\"compare-form\" class=\"compare-form\" method=\"get\" action=\"/events/compare\">")))
			.andExpect(content()
				.string(containsString("name=\"id\" form=\"compare-form\" value=\"" + this.first.id + "\"")))
			.andExpect(content()
				.string(containsString("name=\"id\" form=\"compare-form\" value=\"" + this.replayed.id + "\"")));
	}

	@Test
	void setsTheRecordsSideBySideAndMarksWhereTheyDiffer() throws Exception {
		this.mvc.perform(get("/events/compare").param("id", this.first.id, this.replayed.id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<title>Compare 2 events · Trailscope</title>")))
			.andExpect(content().string(matchesPattern(
					"(?s).*<tr class=\"differs\">\\s*<th class=\"path mono\" scope=\"row\" title=\"sourceIPAddress\">sourceIPAddress</th>"
							+ "\\s*<td class=\"mono\">\\s*<span>198.51.100.7</span>.*")))
			.andExpect(content().string(matchesPattern(
					"(?s).*<tr>\\s*<th class=\"path mono\" scope=\"row\" title=\"eventName\">eventName</th>.*")))
			.andExpect(content().string(containsString("href=\"/events/" + this.first.id + "\"")));
	}

	@Test
	void showsOnlyTheDifferencesWhenAsked() throws Exception {
		this.mvc.perform(get("/events/compare").param("id", this.first.id, this.replayed.id).param("diff", "only"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("title=\"userAgent\"")))
			.andExpect(content().string(not(containsString("title=\"eventName\""))));
	}

	@Test
	void asksForTwoToFiveEvents() throws Exception {
		this.mvc.perform(get("/events/compare").param("id", this.first.id))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Choose 2 to 5 events to compare (1 was chosen)")));
		this.mvc.perform(get("/events/compare").param("id", "a", "b", "c", "d", "e", "f"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void saysWhichEventIsNotStored() throws Exception {
		this.mvc.perform(get("/events/compare").param("id", this.first.id, "no-such-event"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("No event with ID no-such-event is stored.")));
	}

}
