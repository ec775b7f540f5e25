package io.trailscope.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.trailscope.TrailscopeServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Error pages need a real server: MockMvc does not forward to {@code /error}. */
@TrailscopeServerTest
class ErrorPagesIntegrationTest {

	private static final String VIEWER = "Basic "
			+ Base64.getEncoder().encodeToString("viewer:viewer-password".getBytes(StandardCharsets.UTF_8));

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void showsTheNotFoundPage() throws Exception {
		HttpResponse<String> response = get("/no-such-page", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("<title>Not found · Trailscope</title>")
			.contains("/no-such-page")
			.doesNotContain("Exception");
		assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void showsOtherClientErrorsWithoutInternals() throws Exception {
		HttpResponse<String> response = get("/investigations/saved/1/delete", "text/html");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.body()).contains("405 Method Not Allowed")
			.doesNotContain("HttpRequestMethodNotSupportedException")
			.doesNotContain("trace");
	}

	@Test
	void escapesThePathItEchoes() throws Exception {
		HttpResponse<String> response = get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "text/html");
		assertThat(response.body()).doesNotContain("<script>alert");
	}

	@Test
	void answersScriptsWithJson() throws Exception {
		HttpResponse<String> response = get("/no-such-page", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"status\":404").doesNotContain("trace").doesNotContain("exception");
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.header("Authorization", VIEWER)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
