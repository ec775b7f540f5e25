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
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The events pages are for signed-in people only, and a record crafted to inject markup
 * (in every field, keys included) renders inert on the search page, its facets and the
 * event page.
 */
@TrailscopeIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventPagesSecurityTest {

	static final String SCRIPT = "<script>alert(1)</script>";

	static final String IMG = "\"><img src=x onerror=alert(2)>";

	@Autowired
	IngestService ingest;

	@Autowired
	MockMvc mvc;

	final TestTrail trail = new TestTrail();

	TestTrail.Rec evil;

	@BeforeAll
	void load() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String both = SCRIPT + IMG;
		this.evil = this.trail.add(both, now.minus(Duration.ofMinutes(5)))
			.set("eventSource", both)
			.set("awsRegion", both)
			.set("sourceIPAddress", both)
			.set("userAgent", both)
			.set("eventType", both)
			.set("eventCategory", both)
			.set("requestID", both)
			.set("sharedEventID", both)
			.set("userIdentity.userName", both)
			.set("userIdentity.arn", both)
			.set("userIdentity.accessKeyId", both)
			.set("requestParameters.groupName", both)
			.failed(both, both)
			.resource(both, both)
			.with(node -> ((ObjectNode) node.get("requestParameters")).put(both, both));
		this.trail.load(this.ingest);
	}

	@Test
	void sendsVisitorsToSignIn() throws Exception {
		for (String path : new String[] { "/events", "/events/" + this.evil.id, "/events/facets", "/events/histogram",
				"/events/export.csv", "/events/export.jsonl" }) {
			this.mvc.perform(get(path).accept(MediaType.TEXT_HTML))
				.andExpect(status().is3xxRedirection())
				.andExpect(redirectedUrl("/login"));
			this.mvc.perform(get(path)).andExpect(status().isUnauthorized());
		}
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void rendersInjectedMarkupInertOnTheSearchPage() throws Exception {
		String page = page("/events?account=" + this.trail.account + "&col=time&col=who&col=event&col=source&col=region"
				+ "&col=ip&col=agent&col=error&col=key&col=identity&col=session&col=requestParameters.groupName");
		assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
		assertInert(page);
		assertInert(page("/events/facets?account=" + this.trail.account));
		assertInert(page("/events/histogram?account=" + this.trail.account));
		assertInert(page("/events?account=" + this.trail.account + "&name="
				+ URLEncoder.encode(SCRIPT + IMG, StandardCharsets.UTF_8)));
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void rendersInjectedMarkupInertOnTheEventPage() throws Exception {
		String page = page("/events/" + this.evil.id);
		assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
		assertInert(page);
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(URI.create(url.replace(" ", "%20"))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static void assertInert(String page) {
		assertThat(page).doesNotContain("<script>alert")
			.doesNotContain("<img src=x")
			.doesNotContain("onerror=alert(2)>");
		assertThat(page).doesNotContain("\"><img");
	}

}
