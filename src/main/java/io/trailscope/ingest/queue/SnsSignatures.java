package io.trailscope.ingest.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.trailscope.ingest.OneLine;
import io.trailscope.ingest.TrustedSources;

/**
 * Checks that Amazon SNS signed an envelope, as AWS documents it: SignatureVersion 1 is
 * SHA1withRSA and 2 SHA256withRSA over {@link SnsEnvelope#signedText()}, with the key of
 * the certificate at SigningCertURL. That URL must be HTTPS on
 * {@code sns.<region>.amazonaws.com} (or {@code .amazonaws.com.cn}) before anything is
 * fetched from it: the TLS of that host is what makes the certificate Amazon's. Each
 * certificate is fetched once and kept.
 *
 * <p>
 * A valid signature says that SNS sent the envelope, from any topic of any account: what
 * it names is still subject to {@link TrustedSources#refusal}.
 */
@Component
class SnsSignatures {

	/**
	 * A region is letters, digits and dashes, starting and ending with a letter or a
	 * digit.
	 */
	private static final Pattern SNS_HOST = Pattern
		.compile("sns\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.amazonaws\\.com(?:\\.cn)?");

	/**
	 * SNS has a few certificates in use at a time; more would be someone sending made-up
	 * URLs.
	 */
	private static final int CERTIFICATES_KEPT = 64;

	private final CertificateFetcher fetcher;

	private final boolean verify;

	private final Map<URI, X509Certificate> certificates = new ConcurrentHashMap<>();

	SnsSignatures(CertificateFetcher fetcher, TrustedSources sources) {
		this.fetcher = fetcher;
		this.verify = sources.sns().verifySignatures();
	}

	/**
	 * Why the envelope is not to be believed, or null if Amazon SNS signed it (or
	 * verification is off).
	 * @throws UncheckedIOException if the certificate could not be fetched now: that may
	 * pass, so the message should come again rather than be dropped
	 */
	String refusal(SnsEnvelope envelope) {
		if (!this.verify) {
			return null;
		}
		String algorithm = switch (String.valueOf(envelope.signatureVersion())) {
			case "1" -> "SHA1withRSA";
			case "2" -> "SHA256withRSA";
			default -> null;
		};
		if (algorithm == null) {
			return "unsupported SignatureVersion " + OneLine.of(envelope.signatureVersion(), 40);
		}
		if (envelope.signature() == null || envelope.messageId() == null || envelope.timestamp() == null
				|| envelope.topicArn() == null || envelope.message() == null) {
			return "an envelope without Signature, MessageId, Timestamp, TopicArn or Message";
		}
		URI url = snsUrl(envelope.signingCertUrl());
		if (url == null) {
			return "the signing certificate is not on an Amazon SNS host: "
					+ OneLine.of(String.valueOf(envelope.signingCertUrl()), 200);
		}
		try {
			X509Certificate certificate = certificate(url);
			certificate.checkValidity();
			Signature signature = Signature.getInstance(algorithm);
			signature.initVerify(certificate.getPublicKey());
			signature.update(envelope.signedText().getBytes(StandardCharsets.UTF_8));
			if (!signature.verify(Base64.getDecoder().decode(envelope.signature()))) {
				return "the signature does not match the envelope";
			}
			return null;
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return "the signature cannot be verified: " + OneLine.of(ex.getMessage(), 300);
		}
	}

	private X509Certificate certificate(URI url) throws CertificateException {
		X509Certificate known = this.certificates.get(url);
		if (known != null) {
			return known;
		}
		X509Certificate fetched;
		try {
			fetched = this.fetcher.fetch(url);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"could not fetch the SNS signing certificate " + url + ": " + ex.getMessage(), ex);
		}
		if (this.certificates.size() < CERTIFICATES_KEPT) {
			this.certificates.putIfAbsent(url, fetched);
		}
		return fetched;
	}

	/**
	 * The URL if it is HTTPS on an Amazon SNS host, on the default port, of a PEM file;
	 * else null.
	 */
	static URI snsUrl(String value) {
		if (value == null) {
			return null;
		}
		URI url;
		try {
			url = new URI(value);
		}
		catch (URISyntaxException ex) {
			return null;
		}
		boolean sns = "https".equalsIgnoreCase(url.getScheme()) && url.getRawUserInfo() == null
				&& (url.getPort() == -1 || url.getPort() == 443) && url.getHost() != null
				&& SNS_HOST.matcher(url.getHost().toLowerCase(Locale.ROOT)).matches() && url.getRawQuery() == null
				&& url.getRawFragment() == null && url.getPath() != null && url.getPath().endsWith(".pem");
		return sns ? url : null;
	}

}
