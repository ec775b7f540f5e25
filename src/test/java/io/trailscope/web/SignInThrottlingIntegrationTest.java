package io.trailscope.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.trailscope.TrailscopeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Password guessing against the running console, each test from an address of its own so
 * that the counts of one never meet another's.
 */
@TrailscopeIntegrationTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SignInThrottlingIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Test
	void answersHttpBasicWith429AndRetryAfterOnceANameFailedTenTimes(CapturedOutput output) throws Exception {
		for (int i = 0; i < 10; i++) {
			this.mvc.perform(get("/events").with(httpBasic("viewer", "guess-" + i)).with(from("198.51.100.7")))
				.andExpect(status().isUnauthorized());
		}
		this.mvc.perform(get("/events").with(httpBasic("viewer", "viewer-password")).with(from("198.51.100.7")))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "900"));
		this.mvc.perform(get("/events").with(httpBasic("viewer", "viewer-password")).with(from("198.51.100.70")))
			.andExpect(status().isOk());
		assertThat(AuditLogIntegrationTest.auditLines(output)).filteredOn(
				(line) -> line.startsWith("sign-in-failed user=viewer GET /events via=basic reason=bad-credentials"))
			.hasSize(10);
		assertThat(AuditLogIntegrationTest.auditLines(output)).anySatisfy((line) -> assertThat(line)
			.startsWith("sign-in-failed user=viewer GET /events via=basic reason=throttled status=429"));
	}

	@Test
	void tellsTheFormOnceANameFailedTenTimes() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.mvc.perform(signIn("viewer", "guess-" + i).with(from("198.51.100.8")))
				.andExpect(redirectedUrl("/login?error"));
		}
		this.mvc.perform(signIn("Viewer", "viewer-password").with(from("198.51.100.8")))
			.andExpect(redirectedUrl("/login?throttled"));
		this.mvc.perform(get("/login?throttled"))
			.andExpect(content().string(containsString("Too many failed sign-ins")))
			.andExpect(content().string(containsString("15</span> minutes")));
	}

	@Test
	void refusesAnAddressThatTriedManyNames() throws Exception {
		for (int i = 0; i < 50; i++) {
			this.mvc.perform(get("/events").with(httpBasic("name-" + i, "guess")).with(from("198.51.100.9")))
				.andExpect(status().isUnauthorized());
		}
		this.mvc.perform(get("/events").with(httpBasic("viewer", "viewer-password")).with(from("198.51.100.9")))
			.andExpect(status().isTooManyRequests());
	}

	private static MockHttpServletRequestBuilder signIn(String name, String password) {
		return post("/login").param("username", name).param("password", password).with(csrf());
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

}
