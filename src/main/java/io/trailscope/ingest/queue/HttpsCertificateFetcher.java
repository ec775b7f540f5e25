package io.trailscope.ingest.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Fetches a signing certificate over HTTP(S), following no redirect (it could lead off
 * the host {@link SnsSignatures} checked) and reading no more than a certificate takes.
 */
@Component
class HttpsCertificateFetcher implements CertificateFetcher {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** Amazon SNS's certificates are under 2 KB as PEM. */
	private static final int MAX_BYTES = 16 * 1024;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@Override
	public X509Certificate fetch(URI url) throws IOException, CertificateException {
		HttpResponse<InputStream> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while fetching " + url);
		}
		try (InputStream body = response.body()) {
			int status = response.statusCode();
			if (status >= 500 || status == 429) {
				throw new IOException("HTTP " + status + " from " + url);
			}
			if (status != 200) {
				throw new CertificateException("HTTP " + status + " from " + url);
			}
			byte[] bytes = body.readNBytes(MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				throw new CertificateException("more than " + MAX_BYTES + " bytes from " + url);
			}
			Certificate certificate = CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(bytes));
			if (!(certificate instanceof X509Certificate x509)) {
				throw new CertificateException("not an X.509 certificate at " + url);
			}
			return x509;
		}
	}

}
