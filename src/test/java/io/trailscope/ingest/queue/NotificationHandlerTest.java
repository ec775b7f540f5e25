package io.trailscope.ingest.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.trailscope.ingest.IngestProperties;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.ingest.ProgressListener;
import io.trailscope.ingest.s3.S3ObjectLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class NotificationHandlerTest {

	static final IngestResult LOADED = new IngestResult(IngestResult.Status.LOADED, 1, 1, 0, 0, null);

	final S3ObjectLoader objects = mock(S3ObjectLoader.class);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final Visibility visibility = mock(Visibility.class);

	final SnsTestSigner signer = new SnsTestSigner(Duration.ofDays(1));

	NotificationHandler handler(Duration every) {
		when(this.visibility.changeToAsync(anyInt())).thenReturn(CompletableFuture.completedFuture(null));
		return new NotificationHandler(this.objects, SnsSignaturesTest.signatures(this.signer.fetcher(), true),
				this.meters, new IngestProperties("q", 2, true,
						new IngestProperties.Visibility(Duration.ofSeconds(70), every, null)));
	}

	@Test
	void extendsTheVisibilityOfAMessageWhoseFileTakesLong() {
		NotificationHandler handler = handler(Duration.ofMillis(20));
		when(this.objects.load(any(ObjectRef.class), any(ProgressListener.class))).thenAnswer(call -> {
			ProgressListener progress = call.getArgument(1);
			Thread.sleep(50);
			progress.recordsRead(5000);
			progress.recordsRead(10000);
			return LOADED;
		});

		handler.handle(NotificationParserTest.s3Event(NotificationParserTest.KEY), this.visibility);

		// once for the records read after 50 ms, not again for those read at once after
		verify(this.visibility).changeToAsync(70);
	}

	@Test
	void leavesTheVisibilityAloneForQuickFiles() {
		NotificationHandler handler = handler(Duration.ofSeconds(60));
		when(this.objects.load(any(ObjectRef.class), any(ProgressListener.class))).thenAnswer(call -> {
			((ProgressListener) call.getArgument(1)).recordsRead(5000);
			return LOADED;
		});

		handler.handle(NotificationParserTest.s3Event(NotificationParserTest.KEY), this.visibility);

		verify(this.visibility, never()).changeToAsync(anyInt());
	}

	@Test
	void triesEveryFileAndThenFailsTheMessageIfOneMayStillLoad() {
		NotificationHandler handler = handler(Duration.ofSeconds(60));
		String second = NotificationParserTest.KEY.replace("a1b2", "c3d4");
		when(this.objects.load(argThat((ObjectRef n) -> n != null && n.key().equals(NotificationParserTest.KEY)),
				any(ProgressListener.class)))
			.thenThrow(new IllegalStateException("S3 is down"));
		when(this.objects.load(argThat((ObjectRef n) -> n != null && n.key().equals(second)),
				any(ProgressListener.class)))
			.thenReturn(LOADED);

		assertThatIllegalStateException()
			.isThrownBy(() -> handler.handle(NotificationParserTest.s3Event(NotificationParserTest.KEY, second), null))
			.withMessage("S3 is down");
		verify(this.objects, atLeastOnce()).load(argThat((ObjectRef n) -> n != null && n.key().equals(second)),
				any(ProgressListener.class));
	}

	@Test
	void bringsAFailedMessageBackAfterTheRetryDelayWhenOneIsSet() {
		when(this.objects.load(any(ObjectRef.class), any(ProgressListener.class)))
			.thenThrow(new IllegalStateException("S3 is down"));
		NotificationHandler retrying = new NotificationHandler(this.objects,
				SnsSignaturesTest.signatures(this.signer.fetcher(), true), this.meters, new IngestProperties("q", 2,
						true, new IngestProperties.Visibility(null, null, Duration.ofSeconds(10))));

		assertThatIllegalStateException().isThrownBy(
				() -> retrying.handle(NotificationParserTest.s3Event(NotificationParserTest.KEY), this.visibility));
		verify(this.visibility).changeTo(10);

		// unset: the message waits out its visibility timeout, as SQS keeps it
		Visibility untouched = mock(Visibility.class);
		assertThatIllegalStateException().isThrownBy(() -> handler(Duration.ofSeconds(60))
			.handle(NotificationParserTest.s3Event(NotificationParserTest.KEY), untouched));
		verify(untouched, never()).changeTo(anyInt());
	}

	@Test
	void loadsWhatASignedSnsEnvelopeNames() {
		NotificationHandler handler = handler(Duration.ofSeconds(60));
		when(this.objects.load(any(ObjectRef.class), any(ProgressListener.class))).thenReturn(LOADED);

		List<IngestResult> results = handler
			.handle(this.signer.envelope(NotificationParserTest.s3Event(NotificationParserTest.KEY)), this.visibility);

		assertThat(results).containsExactly(LOADED);
	}

	@Test
	void acknowledgesAnUnsignedSnsEnvelopeWithoutLoadingWhatItNamesAndCountsIt() {
		NotificationHandler handler = handler(Duration.ofSeconds(60));

		List<IngestResult> results = handler.handle(
				NotificationParserTest.sns(NotificationParserTest.s3Event(NotificationParserTest.KEY)),
				this.visibility);

		assertThat(results).isEmpty();
		verifyNoInteractions(this.objects);
		assertThat(
				this.meters.get("trailscope.ingest.notifications.dropped").tag("shape", "unverified").counter().count())
			.isEqualTo(1);
	}

	@Test
	void failsTheMessageWhenTheSigningCertificateCannotBeFetchedNow() {
		NotificationHandler handler = new NotificationHandler(this.objects, SnsSignaturesTest.signatures(url -> {
			throw new IOException("network unreachable");
		}, true), this.meters, new IngestProperties("q", 2, true, null));

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> handler
			.handle(this.signer.envelope(NotificationParserTest.s3Event(NotificationParserTest.KEY)), this.visibility));
		verifyNoInteractions(this.objects);
	}

	@Test
	void acknowledgesGarbageWithoutLoadingAndCountsIt() {
		NotificationHandler handler = handler(Duration.ofSeconds(60));

		List<IngestResult> results = handler.handle("{\"hello\":\"world\"}", this.visibility);

		assertThat(results).isEmpty();
		verifyNoInteractions(this.objects);
		assertThat(this.meters.get("trailscope.ingest.notifications.dropped")
			.tag("shape", "unrecognized")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get("trailscope.ingest.notifications").tag("shape", "unrecognized").counter().count())
			.isEqualTo(1);
	}

}
