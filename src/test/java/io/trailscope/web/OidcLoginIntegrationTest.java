package io.trailscope.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.trailscope.TrailscopeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With an identity provider registered and a group given a role, the sign-in page offers
 * it, and the people it signs in stay apart from local users of the same name.
 */
@TrailscopeIntegrationTest
@AutoConfigureMockMvc
@TestPropertySource(locations = "classpath:corp-sso.properties",
		properties = "trailscope.security.oidc.viewer-groups=trailscope-viewers")
@ExtendWith(OutputCaptureExtension.class)
class OidcLoginIntegrationTest {

	@Autowired
	MockMvc mvc;

	/** Someone the provider calls "viewer", as the local user is called. */
	private final OidcIdentity namesake = new OidcIdentity(List.of(new SimpleGrantedAuthority("ROLE_VIEWER")),
			OidcRolesTest.user(Map.of("preferred_username", "viewer")).getIdToken(), null, "viewer");

	@Test
	void offersTheIdentityProviderOnTheSignInPage() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/oauth2/authorization/corp\"")))
			.andExpect(content().string(containsString("Corp SSO")))
			.andExpect(content().string(containsString("name=\"username\"")));
	}

	@Test
	void keepsTheSavedSearchesOfSingleSignOnUsersApartFromLocalUsersOfTheSameName(CapturedOutput output)
			throws Exception {
		this.mvc
			.perform(post("/investigations/saved").param("name", "namesake's search")
				.param("query", "q=eventName:StopLogging")
				.with(oidcLogin().oidcUser(this.namesake))
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/investigations").with(oidcLogin().oidcUser(this.namesake)))
			.andExpect(content().string(containsString("namesake&#39;s search")))
			.andExpect(content().string(containsString("viewer (single sign-on)")));
		this.mvc.perform(get("/investigations").with(httpBasic("viewer", "viewer-password")))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("namesake&#39;s search"))));
		assertThat(AuditLogIntegrationTest.auditLines(output)).anySatisfy((line) -> assertThat(line)
			.startsWith("change user=oidc:https://sso.example.com#subject-1 as=viewer POST /investigations/saved"));
	}

	@Test
	void sendsPeopleToTheIdentityProvider() throws Exception {
		this.mvc.perform(get("/oauth2/authorization/corp"))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", startsWith("https://sso.example.com/authorize?")));
	}

}
