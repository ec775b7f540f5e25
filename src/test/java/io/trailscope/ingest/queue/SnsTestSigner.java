package io.trailscope.ingest.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Signs SNS envelopes as Amazon SNS does, with a key of its own and a self-signed
 * certificate for it, and serves that certificate at {@link #CERTIFICATE_URL} to the
 * application instead of the network. The canonical text is written out here from AWS's
 * description, apart from the code under test, so that a mistake there is not repeated
 * here.
 */
public final class SnsTestSigner {

	public static final String CERTIFICATE_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";

	public static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:trail";

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/**
	 * The signer the AWS integration tests' application believes (through {@link Beans}).
	 */
	public static final SnsTestSigner SHARED = new SnsTestSigner(Duration.ofDays(1));

	private final KeyPair keys;

	private final X509Certificate certificate;

	/** The URLs the application asked for, in order. */
	final List<URI> fetched = new CopyOnWriteArrayList<>();

	/**
	 * A signer whose certificate became valid an hour ago and stays valid for
	 * {@code validity} from now.
	 */
	SnsTestSigner(Duration validity) {
		this(validity, Keys.SIGNING);
	}

	private SnsTestSigner(Duration validity, KeyPair keys) {
		try {
			this.keys = keys;
			Instant now = Instant.now();
			this.certificate = selfSigned(this.keys, now.minus(Duration.ofHours(1)), now.plus(validity));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A signer of a key of its own, which no other signer's certificate vouches for. */
	static SnsTestSigner withAnotherKey(Duration validity) {
		return new SnsTestSigner(validity, Keys.ANOTHER);
	}

	/**
	 * The signers' keys, made once a JVM: an RSA key of 2048 bits takes a second or more
	 * to make, and each test makes its signers anew.
	 */
	private static final class Keys {

		static final KeyPair SIGNING = generate();

		static final KeyPair ANOTHER = generate();

		private static KeyPair generate() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				return generator.generateKeyPair();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** An envelope of SignatureVersion 2 around {@code message}, signed. */
	public String envelope(String message) {
		return envelope(message, "2", null);
	}

	/**
	 * An envelope around {@code message}, signed with SignatureVersion 1 or 2, with a
	 * Subject if not null.
	 */
	String envelope(String message, String version, String subject) {
		Map<String, String> envelope = new LinkedHashMap<>();
		envelope.put("Type", "Notification");
		envelope.put("MessageId", UUID.randomUUID().toString());
		envelope.put("TopicArn", TOPIC);
		if (subject != null) {
			envelope.put("Subject", subject);
		}
		envelope.put("Message", message);
		envelope.put("Timestamp", "2025-01-02T00:06:02.000Z");
		envelope.put("SignatureVersion", version);
		envelope.put("Signature", sign(canonical(envelope), "1".equals(version) ? "SHA1withRSA" : "SHA256withRSA"));
		envelope.put("SigningCertURL", CERTIFICATE_URL);
		envelope.put("UnsubscribeURL",
				"https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + TOPIC);
		return JsonMapper.builder().build().writeValueAsString(envelope);
	}

	/**
	 * Serves this signer's certificate at {@link #CERTIFICATE_URL} only, and remembers
	 * every URL asked for.
	 */
	CertificateFetcher fetcher() {
		return url -> {
			this.fetched.add(url);
			if (!URI.create(CERTIFICATE_URL).equals(url)) {
				throw new CertificateException("HTTP 404 from " + url);
			}
			return this.certificate;
		};
	}

	/**
	 * Each field's name and value on lines of their own, in this order, Subject only when
	 * there is one.
	 */
	private static String canonical(Map<String, String> envelope) {
		StringBuilder text = new StringBuilder();
		for (String field : List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")) {
			if (envelope.containsKey(field)) {
				text.append(field).append('\n').append(envelope.get(field)).append('\n');
			}
		}
		return text.toString();
	}

	private String sign(String text, String algorithm) {
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initSign(this.keys.getPrivate());
			signature.update(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A version 1 X.509 certificate for {@code CN=sns.amazonaws.com}, signed by its own
	 * key: DER written out by hand, so that no certificate library is needed.
	 */
	private static X509Certificate selfSigned(KeyPair keys, Instant from, Instant to) throws GeneralSecurityException {
		byte[] sha256WithRsa = der(0x30, hex("06092a864886f70d01010b"), hex("0500"));
		byte[] name = der(0x30, der(0x31,
				der(0x30, hex("0603550403"), der(0x0c, "sns.amazonaws.com".getBytes(StandardCharsets.US_ASCII)))));
		byte[] validity = der(0x30, der(0x17, UTC_TIME.format(from).getBytes(StandardCharsets.US_ASCII)),
				der(0x17, UTC_TIME.format(to).getBytes(StandardCharsets.US_ASCII)));
		byte[] toBeSigned = der(0x30, der(0x02, new byte[] { 1 }), sha256WithRsa, name, validity, name,
				keys.getPublic().getEncoded());
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(keys.getPrivate());
		signature.update(toBeSigned);
		byte[] bits = signature.sign();
		byte[] bitString = new byte[bits.length + 1];
		System.arraycopy(bits, 0, bitString, 1, bits.length);
		byte[] certificate = der(0x30, toBeSigned, sha256WithRsa, der(0x03, bitString));
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(certificate));
	}

	/**
	 * A DER element: the tag, the length (short or long form) and the parts one after
	 * another.
	 */
	private static byte[] der(int tag, byte[]... parts) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			content.writeBytes(part);
		}
		int length = content.size();
		ByteArrayOutputStream element = new ByteArrayOutputStream();
		element.write(tag);
		if (length < 0x80) {
			element.write(length);
		}
		else if (length < 0x100) {
			element.write(0x81);
			element.write(length);
		}
		else {
			element.write(0x82);
			element.write(length >> 8);
			element.write(length & 0xff);
		}
		element.writeBytes(content.toByteArray());
		return element.toByteArray();
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

	/**
	 * Lets the application fetch the certificate of {@link #SHARED} instead of Amazon's.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Beans {

		@Bean
		@Primary
		CertificateFetcher sharedSignersCertificates() {
			return SHARED.fetcher();
		}

	}

}
