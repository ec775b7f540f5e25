package io.trailscope.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.trailscope.TrailscopeServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console set up as for production: behind a proxy that ends TLS, HTTP Basic turned
 * off, and an identity provider registered but no groups given a role yet. One context
 * for the three, since each is a setting a production install changes together and a real
 * server is slow to start.
 */
@TrailscopeServerTest
@TestPropertySource(locations = "classpath:corp-sso.properties",
		properties = { "trailscope.security.behind-tls-proxy=true", "trailscope.security.sign-in.http-basic=false" })
@ExtendWith(OutputCaptureExtension.class)
class BehindTlsProxyIntegrationTest {

	private final ServerClient client;

	BehindTlsProxyIntegrationTest(@LocalServerPort int port) {
		this.client = new ServerClient(port);
	}

	@Test
	void takesTheSchemeAndClientAddressFromTheProxy(CapturedOutput output) throws Exception {
		HttpResponse<String> page = this.client.send(this.client.request("/login")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-For", "203.0.113.50"));
		assertThat(page.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).contains("max-age="));
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
		assertThat(AuditLogIntegrationTest.auditLines(output))
			.anySatisfy((line) -> assertThat(line).startsWith("sign-in-failed user=viewer POST /login")
				.endsWith("from=203.0.113.50"));
	}

	@Test
	void marksTheSessionCookieSecureAndSendsHstsEvenWhenTheProxyForgetsTheScheme() throws Exception {
		HttpResponse<String> page = this.client.send(this.client.request("/login"));
		assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("; Secure");
		assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
	}

	@Test
	void ignoresHttpBasicCredentialsWhenHttpBasicIsOff() throws Exception {
		String viewer = "Basic "
				+ Base64.getEncoder().encodeToString("viewer:viewer-password".getBytes(StandardCharsets.UTF_8));
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
