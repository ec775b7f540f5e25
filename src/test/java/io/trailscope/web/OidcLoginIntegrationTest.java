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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** With a client registration configured, the sign-in page offers the identity provider. */
@TrailscopeIntegrationTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {
		"spring.security.oauth2.client.registration.corp.client-id=trailscope",
		"spring.security.oauth2.client.registration.corp.client-secret=secret",
		"spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
		"spring.security.oauth2.client.registration.corp.scope=openid,profile",
		"spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
		"spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
		"spring.security.oauth2.client.provider.corp.authorization-uri=https://sso.example.com/authorize",
		"spring.security.oauth2.client.provider.corp.token-uri=https://sso.example.com/token",
		"spring.security.oauth2.client.provider.corp.jwk-set-uri=https://sso.example.com/jwks",
		"spring.security.oauth2.client.provider.corp.user-info-uri=https://sso.example.com/userinfo",
		"spring.security.oauth2.client.provider.corp.user-name-attribute=sub",
		"trailscope.security.oidc.viewer-groups=trailscope-viewers" })
@ExtendWith(OutputCaptureExtension.class)
class OidcLoginIntegrationTest {

	@Autowired
	MockMvc mvc;

	/** Someone the provider calls "viewer", as the local user is called. */
	private final OidcIdentity namesake = new OidcIdentity(
			List.of(new SimpleGrantedAuthority("ROLE_VIEWER")), OidcRolesTest.user(Map.of("preferred_username", "viewer"))
				.getIdToken(), null, "viewer");

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
