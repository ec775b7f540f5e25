package io.trailscope.web;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import io.trailscope.TrailscopeIntegrationTest;
import org.hamcrest.Matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SecurityIntegrationTest {

	static final String VIEWER = "viewer";

	static final String VIEWER_PASSWORD = "viewer-password";

	static final String ADMIN_PASSWORD = "admin-password";

	@Autowired
	MockMvc mvc;

	static Stream<String> protectedPages() {
		return Stream.of("/", "/events", "/events?q=eventName:ConsoleLogin&range=24h", "/events/some-event-id",
				"/events/export.csv?q=errorCode:*", "/events/export.jsonl", "/sessions", "/sessions/some-session",
				"/investigations", "/investigations/instance-launch?value=i-0123456789abcdef0", "/ingest",
				"/actuator/metrics");
	}

	@ParameterizedTest
	@MethodSource("protectedPages")
	void sendsBrowsersToTheSignInPage(String page) throws Exception {
		this.mvc.perform(get(page).accept(MediaType.TEXT_HTML, MediaType.ALL))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	@ParameterizedTest
	@MethodSource("protectedPages")
	void challengesScriptsWithHttpBasic(String page) throws Exception {
		this.mvc.perform(get(page).accept(MediaType.ALL))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Basic realm=\"Trailscope\"")));
	}

	@Test
	void asksHtmxToNavigateToTheSignInPage() throws Exception {
		this.mvc.perform(get("/events").header("HX-Request", "true"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("HX-Redirect", "/login"));
	}

	@Test
	void rejectsWrongBasicPasswords() throws Exception {
		this.mvc.perform(get("/investigations").with(httpBasic(VIEWER, "wrong"))).andExpect(status().isUnauthorized());
	}

	@Test
	void acceptsHttpBasicForReads() throws Exception {
		this.mvc.perform(get("/investigations").with(httpBasic(VIEWER, VIEWER_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Set-Cookie"));
	}

	@Test
	void ignoresHttpBasicForStateChanges() throws Exception {
		this.mvc
			.perform(post("/investigations/saved").param("name", "basic")
				.param("query", "q=x")
				.with(httpBasic(VIEWER, VIEWER_PASSWORD))
				.with(csrf()))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void keepsViewersOutOfIngest() throws Exception {
		this.mvc.perform(get("/ingest").with(httpBasic(VIEWER, VIEWER_PASSWORD))).andExpect(status().isForbidden());
		this.mvc.perform(get("/ingest/failed").with(httpBasic(VIEWER, VIEWER_PASSWORD)))
			.andExpect(status().isForbidden());
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void keepsViewersFromChangingIngest() throws Exception {
		this.mvc.perform(post("/ingest/backfill").with(csrf())).andExpect(status().isForbidden());
	}

	@Test
	void letsTheAdminIntoIngest() throws Exception {
		this.mvc.perform(get("/ingest").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().is(not(Matchers.oneOf(401, 403))));
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void requiresCsrfTokensOnPosts() throws Exception {
		this.mvc.perform(post("/investigations/saved").param("name", "no token").param("query", "q=x"))
			.andExpect(status().isForbidden());
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void acceptsCsrfTokensInTheHtmxHeader() throws Exception {
		this.mvc
			.perform(post("/investigations/saved").param("name", "csrf header " + System.nanoTime())
				.param("query", "q=x")
				.header("HX-Request", "true")
				.with(csrf().asHeader()))
			.andExpect(status().isOk());
	}

	@Test
	void signsInWithTheForm() throws Exception {
		this.mvc.perform(formLogin("/login").user(VIEWER).password(VIEWER_PASSWORD))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"));
		this.mvc.perform(formLogin("/login").user(VIEWER).password("wrong"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void servesTheSignInPageAndAssetsToEveryone() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"_csrf\"")))
			.andExpect(content().string(not(containsString("Sign out"))));
		this.mvc.perform(get("/css/trailscope.css")).andExpect(status().isOk());
		this.mvc.perform(get("/js/trailscope.js")).andExpect(status().isOk());
		this.mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
	}

	@Test
	void sendsTheContentSecurityPolicyAndFriends() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", containsString("object-src 'none'")))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(header().string("Content-Security-Policy", containsString("base-uri 'self'")))
			.andExpect(header().string("Content-Security-Policy", containsString("form-action 'self'")))
			.andExpect(header().string("Content-Security-Policy", not(containsString("unsafe"))))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Referrer-Policy", "same-origin"));
	}

	@Test
	void opensHealthButShowsDetailsOnlyToAdmins() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("components"))));
		this.mvc.perform(get("/actuator/health").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("components")));
	}

	@Test
	void keepsOtherActuatorEndpointsForAdmins() throws Exception {
		this.mvc.perform(get("/actuator/metrics").with(httpBasic(VIEWER, VIEWER_PASSWORD)))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/actuator/metrics").with(httpBasic("admin", ADMIN_PASSWORD))).andExpect(status().isOk());
	}

	@Test
	@WithMockUser(username = "navigator", roles = "VIEWER")
	void showsTheNavigationWithoutIngestToViewers() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("navigator")))
			.andExpect(content().string(containsString("Sign out")))
			.andExpect(content().string(containsString("name=\"csrf-token\"")))
			.andExpect(content().string(not(containsString("href=\"/ingest\""))));
	}

	@Test
	@WithMockUser(roles = "ADMIN")
	void showsIngestToAdmins() throws Exception {
		this.mvc.perform(get("/")).andExpect(content().string(containsString("href=\"/ingest\"")));
	}

	@Test
	void logsSearchesWithTheUser(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/events?q=eventName:AuditedSearch").with(httpBasic(VIEWER, VIEWER_PASSWORD)));
		assertThat(output.getOut() + output.getErr())
			.contains("read user=viewer GET /events q=eventName:AuditedSearch status=200");
	}

}
