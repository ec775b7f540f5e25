package io.trailscope.web;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.trailscope.TrailscopeServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console served directly, as by default: what a client can make the real server do
 * with request bodies and forwarded headers. Needs a real server: MockMvc neither parses
 * multipart bodies nor applies the container's limits.
 */
@TrailscopeServerTest
class ServedDirectlyIntegrationTest {

	private static final long MB = 1024 * 1024;

	private final ServerClient client;

	ServedDirectlyIntegrationTest(@LocalServerPort int port) {
		this.client = new ServerClient(port);
	}

	@Test
	void readsLittleOfALargeUploadFromSomeoneSignedOut() throws Exception {
		ServerClient.MultipartBody body = new ServerClient.MultipartBody("trail.json.gz", 200 * MB);
		Integer status = post("/ingest/uploads", body, null);
		assertThat(status).isIn(null, 401, 403);
		assertThat(body.sent()).as("bytes the server read before refusing").isLessThan(32 * MB);
	}

	@Test
	void keepsTheSmallLimitsEverywhereButTheUploadEndpoint() throws Exception {
		ServerClient.MultipartBody body = new ServerClient.MultipartBody("trail.json.gz", 200 * MB);
		Integer status = post("/login", body, null);
		assertThat(status).isIn(null, 401, 403);
		assertThat(body.sent()).isLessThan(32 * MB);
	}

	@Test
	void takesLargeUploadsFromAdminsOnTheUploadEndpointOnly() throws Exception {
		ServerClient.Session admin = this.client.signIn("admin", "admin-password");
		ServerClient.MultipartBody upload = new ServerClient.MultipartBody("notes.txt", 20 * MB);
		assertThat(post("/ingest/uploads", upload, admin)).as("parsed whole, then refused as not CloudTrail")
			.isEqualTo(422);
		assertThat(upload.sent()).isGreaterThan(20 * MB);
		ServerClient.MultipartBody elsewhere = new ServerClient.MultipartBody("notes.txt", 20 * MB);
		assertThat(post("/investigations/saved", elsewhere, admin)).isEqualTo(413);
	}

	@Test
	void ignoresForwardedHeadersUnlessBehindATlsProxy() throws Exception {
		HttpResponse<String> response = this.client.send(this.client.request("/login")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-For", "203.0.113.9"));
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
		assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContainIgnoringCase("secure");
	}

	/**
	 * The status, or null when the server closed the connection while the body was still
	 * being sent.
	 */
	private Integer post(String path, ServerClient.MultipartBody body, ServerClient.Session session)
			throws InterruptedException {
		HttpRequest.Builder request = this.client.request(path)
			.header("Content-Type", body.contentType())
			.POST(body.publisher());
		if (session != null) {
			request.header("Cookie", session.cookie()).header("X-CSRF-TOKEN", session.csrfToken());
		}
		try {
			return this.client.send(request).statusCode();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
