package io.trailscope.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console set up as for production: behind a proxy that ends TLS, HTTP Basic turned off, and an
 * identity provider registered but no groups given a role yet. One context for the three, since
 * each is a setting a production install changes together and a real server is slow to start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"trailscope.security.behind-tls-proxy=true", "trailscope.security.sign-in.http-basic=false",
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
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class BehindTlsProxyIntegrationTest {

	@LocalServerPort
	int port;

	ServerClient client;

	@BeforeEach
	void client() {
		this.client = new ServerClient(this.port);
	}

	@Test
	void takesTheSchemeAndClientAddressFromTheProxy(CapturedOutput output) throws Exception {
		HttpResponse<String> page = this.client.send(this.client.request("/login")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-For", "203.0.113.50"));
		assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
				(hsts) -> assertThat(hsts).contains("max-age="));
		String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).containsIgnoringCase("; Secure");
		String token = ServerClient.find(ServerClient.FORM_TOKEN, page.body());
		HttpResponse<String> failed = this.client.send(this.client.request("/login")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-For", "203.0.113.50")
			.header("Cookie", cookie.substring(0, cookie.indexOf(';')))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=wrong&_csrf=" + token)));
		assertThat(failed.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("https://localhost").endsWith("/login?error"));
		assertThat(AuditLogIntegrationTest.auditLines(output)).anySatisfy((line) -> assertThat(line)
			.startsWith("sign-in-failed user=viewer POST /login").endsWith("from=203.0.113.50"));
	}

	@Test
	void marksTheSessionCookieSecureAndSendsHstsEvenWhenTheProxyForgetsTheScheme() throws Exception {
		HttpResponse<String> page = this.client.send(this.client.request("/login"));
		assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("; Secure");
		assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
	}

	@Test
	void ignoresHttpBasicCredentialsWhenHttpBasicIsOff() throws Exception {
		String viewer = "Basic " + Base64.getEncoder()
			.encodeToString("viewer:viewer-password".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = this.client
			.send(this.client.request("/events").header("Authorization", viewer).header("Accept", "*/*"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void saysThatSingleSignOnLetsNobodyInUntilGroupsHaveRoles() throws Exception {
		HttpResponse<String> page = this.client.send(this.client.request("/login"));
		assertThat(page.body()).contains("Single sign-on is set up but lets nobody in yet")
			.doesNotContain("/oauth2/authorization/corp");
	}
}
