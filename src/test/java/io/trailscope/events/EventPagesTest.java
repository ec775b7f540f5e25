package io.trailscope.events;

import java.time.Duration;
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
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventPagesTest {

	@Autowired
	IngestService ingest;

	@Autowired
	MockMvc mvc;

	final TestTrail trail = new TestTrail();

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	TestTrail.Rec login;

	TestTrail.Rec denied;

	String scope;

	@BeforeAll
	void load() {
		this.login = this.trail.add("ConsoleLogin", this.now.minus(Duration.ofMinutes(20)))
			.set("eventSource", "signin.amazonaws.com")
			.set("eventType", "AwsConsoleSignIn")
			.set("additionalEventData.MFAUsed", "No")
			.set("responseElements.ConsoleLogin", "Success");
		this.denied = this.trail.add("RunInstances", this.now.minus(Duration.ofMinutes(10)))
			.assumedRole(this.trail.account, "Admin", "alice@example.com", "ASIAPAGESTEST")
			.set("sourceIdentity", "alice@example.com")
			.set("requestParameters.instanceType", "t3.micro")
			.resource("arn:aws:ec2:us-east-1:" + this.trail.account + ":instance/i-0pages", "AWS::EC2::Instance")
			.failed("Client.UnauthorizedOperation", "You are not authorized");
		for (int i = 0; i < 130; i++) {
			this.trail.add("DescribeInstances", this.now.minus(Duration.ofMinutes(30 + i)));
		}
		this.trail.load(this.ingest);
		this.scope = "account=" + this.trail.account;
	}

	@Test
	void rendersTheWholePageWithoutWaitingForTheAggregations() throws Exception {
		this.mvc.perform(get("/events?" + this.scope))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("id=\"search-form\"")))
			.andExpect(content().string(containsString("ConsoleLogin")))
			.andExpect(content().string(containsString("132 events")))
			// started by the page in parallel, or followed as links without JavaScript
			.andExpect(content().string(containsString("hx-get=\"/events/facets?account=" + this.trail.account + "\"")))
			.andExpect(
					content().string(containsString("hx-get=\"/events/histogram?account=" + this.trail.account + "\"")))
			.andExpect(content().string(containsString("href=\"/events/facets?account=" + this.trail.account + "\"")))
			.andExpect(content()
				.string(containsString("href=\"/events/stats?account=" + this.trail.account + "&amp;by=eventName\"")))
			.andExpect(content().string(not(containsString("class=\"histogram-chart\""))))
			.andExpect(content().string(containsString("Account = " + this.trail.account)))
			.andExpect(content().string(containsString("Equivalent query:")))
			.andExpect(content().string(containsString("name=\"query\" value=\"account=" + this.trail.account + "\"")))
			.andExpect(content().string(containsString("recipientAccountId:" + this.trail.account)))
			.andExpect(content().string(not(containsString("style="))));
	}

	@Test
	void rendersOnlyTheResultsForTheLiveForm() throws Exception {
		this.mvc.perform(get("/events?" + this.scope + "&q=eventName:RunInstances").header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andExpect(
					header().string("HX-Push-Url", "/events?q=eventName%3ARunInstances&account=" + this.trail.account))
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(not(containsString("id=\"search-form\""))))
			.andExpect(content().string(containsString("id=\"results\"")))
			.andExpect(content().string(containsString("RunInstances")))
			.andExpect(content().string(not(containsString(">DescribeInstances<"))))
			.andExpect(content().string(containsString("hx-get=\"/events/facets?")))
			.andExpect(content().string(containsString("hx-get=\"/events/histogram?")));
	}

	@Test
	void rendersFormAndResultsForLinksInsideThePage() throws Exception {
		this.mvc.perform(get("/events?" + this.scope).header("HX-Request", "true").header("HX-Target", "search"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("id=\"search\"")))
			.andExpect(content().string(containsString("id=\"search-form\"")))
			.andExpect(content().string(containsString("id=\"results\"")));
	}

	@Test
	void givesAHistoryRestoreTheWholePage() throws Exception {
		this.mvc
			.perform(get("/events?" + this.scope).header("HX-Request", "true")
				.header("HX-History-Restore-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("hx-get=\"/events/facets?")));
	}

	@Test
	void loadsMoreRowsFromTheKeysetPosition() throws Exception {
		String page = this.mvc.perform(get("/events?" + this.scope)).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("hx-trigger=\"revealed\"").contains("Load more");
		String next = page.replaceAll("(?s).*class=\"load-more\"[^>]*hx-get=\"([^\"]+)\".*", "$1")
			.replace("&amp;", "&");
		assertThat(next).contains("after=");
		String more = this.mvc.perform(get(URI.create(next)).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("HX-Push-Url"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(more).doesNotContain("<table").doesNotContain("id=\"results\"");
		assertThat(more.split("<tr", -1).length - 1).as("the 32 remaining rows").isEqualTo(32);
		assertThat(more).doesNotContain("load-more");
	}

	@Test
	void showsAMalformedQueryWithItsPositionAsABadRequest() throws Exception {
		this.mvc.perform(get("/events?q=eventName:(ConsoleLogin OR"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("class=\"caret\"")))
			.andExpect(content().string(containsString("eventName:(ConsoleLogin OR\n")))
			.andExpect(content().string(containsString("value=\"eventName:(ConsoleLogin OR\"")));
		this.mvc.perform(get("/events?q=eventName:(ConsoleLogin OR").header("HX-Request", "true"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("role=\"alert\"")));
		this.mvc.perform(get("/events?from=yesterday"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Cannot read the time")));
	}

	@Test
	void landsAPlainFormSubmissionOnTheCanonicalUrl() throws Exception {
		this.mvc.perform(get("/events?q=&account=" + this.trail.account + "&account=&not.region=&range=24h"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/events?account=" + this.trail.account));
	}

	@Test
	void rendersFacetsAndHistogramAlone() throws Exception {
		this.mvc.perform(get("/events/facets?" + this.scope).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("data-facet=\"name\"")))
			.andExpect(content()
				.string(containsString("href=\"/events?account=" + this.trail.account + "&amp;name=ConsoleLogin")))
			.andExpect(content()
				.string(containsString("href=\"/events?account=" + this.trail.account + "&amp;not.name=ConsoleLogin")));
		this.mvc.perform(get("/events/histogram?" + this.scope).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("<rect class=\"bar\"")))
			.andExpect(content().string(containsString("from=")));
	}

	@Test
	void givesAReaderWithoutJavaScriptTheAggregationsAsPages() throws Exception {
		this.mvc.perform(get("/events/facets?" + this.scope))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("data-facet=\"name\"")))
			.andExpect(content().string(containsString("Back to the events")));
		this.mvc.perform(get("/events/histogram?" + this.scope))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("class=\"histogram-chart\"")));
	}

	@Test
	void excludesAFacetValueThatIsAlreadyIncluded() throws Exception {
		this.mvc.perform(get("/events/facets?" + this.scope + "&name=ConsoleLogin").header("HX-Request", "true"))
			.andExpect(content().string(containsString("class=\"active\"")))
			.andExpect(content()
				.string(containsString("href=\"/events?account=" + this.trail.account + "&amp;not.name=ConsoleLogin")));
	}

	@Test
	void showsAnEventInTwoSeconds() throws Exception {
		this.mvc.perform(get("/events/" + this.denied.id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("RunInstances")))
			.andExpect(content().string(containsString("Admin/alice@example.com")))
			.andExpect(content().string(containsString("arn:aws:iam::" + this.trail.account + ":role/Admin")))
			.andExpect(content().string(containsString("Client.UnauthorizedOperation")))
			.andExpect(content().string(containsString("class=\"flag flag-failed\"")))
			.andExpect(content().string(containsString("href=\"/events/" + this.denied.id + "/session\"")))
			.andExpect(content().string(containsString("Same request ID")))
			.andExpect(content().string(containsString("Same principal within ±15 minutes")))
			.andExpect(content().string(containsString("Same resource")))
			.andExpect(content()
				.string(containsString("/events?q=requestParameters.instanceType%3A%22t3.micro%22&amp;range=30d")))
			.andExpect(content()
				.string(containsString("/events?q=-requestParameters.instanceType%3A%22t3.micro%22&amp;range=30d")))
			.andExpect(content().string(containsString("data-copy=\"t3.micro\"")))
			.andExpect(content().string(containsString("<details")))
			.andExpect(content().string(not(containsString("style="))));
		this.mvc.perform(get("/events/" + this.login.id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"flag flag-console\"")))
			.andExpect(content().string(containsString(">no<")));
	}

	@Test
	void answersAnUnknownEventWithNotFound() throws Exception {
		this.mvc.perform(get("/events/no-such-event-" + this.trail.tag))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("No such event")));
	}

}
