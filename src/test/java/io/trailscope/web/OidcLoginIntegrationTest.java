package io.trailscope.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.trailscope.TrailscopeIntegrationTest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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
		"spring.security.oauth2.client.provider.corp.user-name-attribute=sub" })
class OidcLoginIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Test
	void offersTheIdentityProviderOnTheSignInPage() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/oauth2/authorization/corp\"")))
			.andExpect(content().string(containsString("Corp SSO")))
			.andExpect(content().string(containsString("name=\"username\"")));
	}

	@Test
	void sendsPeopleToTheIdentityProvider() throws Exception {
		this.mvc.perform(get("/oauth2/authorization/corp"))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", startsWith("https://sso.example.com/authorize?")));
	}
}
