package io.trailscope.ingest.queue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fetcher against a local server; which hosts it may ask is {@link SnsSignatures}'s
 * to decide.
 */
class HttpsCertificateFetcherTest {

	final HttpsCertificateFetcher fetcher = new HttpsCertificateFetcher();

	HttpServer server;

	String pem;

	@BeforeEach
	void serve() throws Exception {
		X509Certificate certificate = new SnsTestSigner(Duration.ofDays(1)).fetcher()
			.fetch(URI.create(SnsTestSigner.CERTIFICATE_URL));
		this.pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", exchange -> {
			String path = exchange.getRequestURI().getPath();
			byte[] body = switch (path) {
				case "/cert.pem" -> this.pem.getBytes(StandardCharsets.US_ASCII);
				case "/huge.pem" -> this.pem.repeat(20).getBytes(StandardCharsets.US_ASCII);
				default -> "no".getBytes(StandardCharsets.US_ASCII);
			};
			int status = switch (path) {
				case "/cert.pem", "/huge.pem", "/garbage.pem" -> 200;
				case "/moved.pem" -> 302;
				case "/busy.pem" -> 503;
				default -> 404;
			};
			if (status == 302) {
				exchange.getResponseHeaders().add("Location", "/cert.pem");
			}
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	@Test
	void readsAPemCertificate() throws Exception {
		assertThat(this.fetcher.fetch(url("/cert.pem")).getSubjectX500Principal().getName())
			.isEqualTo("CN=sns.amazonaws.com");
	}

	@Test
	void refusesWhatCanNeverBeACertificate() {
		for (String path : new String[] { "/missing.pem", "/garbage.pem", "/huge.pem", "/moved.pem" }) {
			assertThatExceptionOfType(CertificateException.class).as(path)
				.isThrownBy(() -> this.fetcher.fetch(url(path)));
		}
	}

	@Test
	void reportsAServerInTroubleAsWorthTryingAgain() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.fetcher.fetch(url("/busy.pem")))
			.withMessageContaining("503");
	}

}
