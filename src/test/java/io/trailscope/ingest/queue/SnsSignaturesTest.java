package io.trailscope.ingest.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.ingest.TrustedSources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SnsSignaturesTest {

	static final String MESSAGE = NotificationParserTest.s3Event(NotificationParserTest.KEY);

	final SnsTestSigner signer = new SnsTestSigner(Duration.ofDays(1));

	final SnsSignatures signatures = signatures(this.signer.fetcher(), true);

	static SnsSignatures signatures(CertificateFetcher fetcher, boolean verify) {
		return new SnsSignatures(fetcher, new TrustedSources(List.of(), new TrustedSources.Sns(verify)));
	}

	private static SnsEnvelope envelope(String json) {
		return SnsEnvelope.of(JsonMapper.builder().build().readTree(json));
	}

	/**
	 * The envelope with one field set to another value, as someone who rewrites a message
	 * would.
	 */
	private static SnsEnvelope with(String json, String field, String value) {
		ObjectNode envelope = (ObjectNode) JsonMapper.builder().build().readTree(json);
		envelope.put(field, value);
		return SnsEnvelope.of(envelope);
	}

	@Test
	void believesEnvelopesSignedWithEitherSignatureVersion() {
		assertThat(this.signatures.refusal(envelope(this.signer.envelope(MESSAGE, "1", null)))).isNull();
		assertThat(this.signatures.refusal(envelope(this.signer.envelope(MESSAGE, "2", null)))).isNull();
		assertThat(this.signatures.refusal(envelope(this.signer.envelope(MESSAGE, "2", "Amazon S3 Notification"))))
			.isNull();
		assertThat(this.signatures
			.refusal(envelope(this.signer.envelope("line one\nline two \"quoted\" \u00e9", "2", ""))))
			.as("control characters and an empty subject are signed as they were before JSON escaped them")
			.isNull();
	}

	@Test
	void refusesAnEnvelopeChangedAfterItWasSigned() {
		String signed = this.signer.envelope(MESSAGE, "2", "Amazon S3 Notification");
		String otherBucket = MESSAGE.replace("my-trail", "attackers-bucket");

		assertThat(this.signatures.refusal(with(signed, "Message", otherBucket)))
			.isEqualTo("the signature does not match the envelope");
		assertThat(this.signatures.refusal(with(signed, "Subject", "Amazon S3 Notification!"))).isNotNull();
		assertThat(this.signatures.refusal(with(signed, "TopicArn", "arn:aws:sns:eu-west-1:444455556666:other")))
			.isNotNull();
		assertThat(this.signatures.refusal(with(signed, "Timestamp", "2025-01-02T00:06:03.000Z"))).isNotNull();
		assertThat(this.signatures.refusal(with(signed, "SignatureVersion", "1"))).isNotNull();
		assertThat(this.signatures.refusal(with(signed, "Signature", "bm90IGEgc2lnbmF0dXJl"))).isNotNull();
		assertThat(this.signatures.refusal(with(signed, "Signature", "not base64!")))
			.startsWith("the signature cannot be verified");
	}

	@Test
	void refusesAnEnvelopeSignedWithAnotherKey() {
		String signedElsewhere = SnsTestSigner.withAnotherKey(Duration.ofDays(1)).envelope(MESSAGE);

		assertThat(this.signatures.refusal(envelope(signedElsewhere)))
			.isEqualTo("the signature does not match the envelope");
	}

	@Test
	void refusesACertificateOnAnyOtherHostWithoutFetchingIt() {
		String signed = this.signer.envelope(MESSAGE);
		for (String url : List.of("https://attacker.example/SimpleNotificationService-test.pem",
				"https://sns.eu-west-1.amazonaws.com.attacker.example/SimpleNotificationService-test.pem",
				"https://sns.eu-west-1.amazonaws.com@attacker.example/SimpleNotificationService-test.pem",
				"http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem",
				"https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-test.pem",
				"https://s3.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem",
				"https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem?x=1",
				"https://sns.eu-west-1.amazonaws.com/anything.txt", "file:///etc/passwd", "not a url")) {
			assertThat(this.signatures.refusal(with(signed, "SigningCertURL", url))).as(url)
				.startsWith("the signing certificate is not on an Amazon SNS host");
		}
		assertThat(this.signatures.refusal(with(signed, "SigningCertURL", null))).isNotNull();
		assertThat(this.signer.fetched).isEmpty();
	}

	@Test
	void acceptsTheHostsOfEveryPartition() {
		for (String host : List.of("sns.us-east-1.amazonaws.com", "sns.us-gov-west-1.amazonaws.com",
				"sns.cn-north-1.amazonaws.com.cn", "SNS.EU-WEST-1.AMAZONAWS.COM")) {
			assertThat(SnsSignatures.snsUrl("https://" + host + "/SimpleNotificationService-abc.pem")).as(host)
				.isNotNull();
		}
	}

	@Test
	void fetchesEachCertificateOnce() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.signatures.refusal(envelope(this.signer.envelope(MESSAGE + i)))).isNull();
		}

		assertThat(this.signer.fetched).containsExactly(URI.create(SnsTestSigner.CERTIFICATE_URL));
	}

	@Test
	void refusesUnknownSignatureVersionsAndIncompleteEnvelopes() {
		String signed = this.signer.envelope(MESSAGE);

		assertThat(this.signatures.refusal(with(signed, "SignatureVersion", "3")))
			.isEqualTo("unsupported SignatureVersion 3");
		assertThat(this.signatures.refusal(with(signed, "Signature", null)))
			.startsWith("an envelope without Signature");
		assertThat(this.signatures.refusal(with(signed, "MessageId", null))).isNotNull();
	}

	@Test
	void refusesAnExpiredCertificate() {
		SnsTestSigner expired = new SnsTestSigner(Duration.ofMinutes(-1));

		assertThat(signatures(expired.fetcher(), true).refusal(envelope(expired.envelope(MESSAGE))))
			.startsWith("the signature cannot be verified");
	}

	@Test
	void leavesTheMessageForLaterWhenTheCertificateCannotBeFetchedNow() {
		AtomicInteger attempts = new AtomicInteger();
		SnsSignatures unreachable = signatures(url -> {
			attempts.incrementAndGet();
			throw new IOException("connect timed out");
		}, true);
		SnsEnvelope signed = envelope(this.signer.envelope(MESSAGE));

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> unreachable.refusal(signed))
			.withMessageContaining("connect timed out");
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> unreachable.refusal(signed));
		assertThat(attempts).as("a failure is not kept").hasValue(2);
	}

	@Test
	void believesEveryEnvelopeWhenVerificationIsOff() {
		SnsSignatures off = signatures(this.signer.fetcher(), false);

		assertThat(off.refusal(envelope(NotificationParserTest.sns(MESSAGE)))).isNull();
		assertThat(this.signer.fetched).isEmpty();
	}

}
