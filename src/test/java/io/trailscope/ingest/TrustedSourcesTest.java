package io.trailscope.ingest;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedSourcesTest {

	static final String KEY = "AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/02/x.json.gz";

	final TrustedSources sources = new TrustedSources(
			List.of("my-trail", " s3://shared-logs/AWSLogs/111122223333/ ", "", "audit/AWSLogs/o-abc123/"), null);

	@Test
	void allowsEveryBucketWhenNothingIsListed() {
		TrustedSources open = new TrustedSources(null, null);

		assertThat(open.restricted()).isFalse();
		assertThat(open.refusal("anything", KEY)).isNull();
		assertThat(open.prefixRefusal("anything", "")).isNull();
	}

	@Test
	void readsBucketsAndPrefixesAlsoAsS3Urls() {
		assertThat(this.sources.allowedBuckets()).containsExactly("my-trail", "shared-logs/AWSLogs/111122223333/",
				"audit/AWSLogs/o-abc123/");
	}

	@Test
	void allowsAListedBucketWholeAndAPrefixOnlyWithin() {
		assertThat(this.sources.refusal("my-trail", KEY)).isNull();
		assertThat(this.sources.refusal("my-trail", "anything/else")).isNull();
		assertThat(this.sources.refusal("shared-logs", KEY)).isNull();
		assertThat(this.sources.refusal("audit", "AWSLogs/o-abc123/111122223333/CloudTrail/x.json.gz")).isNull();
	}

	@Test
	void refusesOtherBucketsAndKeysOutsideTheirPrefixesWithAReasonThatNamesNoKey() {
		assertThat(this.sources.refusal("my-trail-copy", KEY))
			.isEqualTo("not an allowed source: bucket my-trail-copy is not in trailscope.ingest.allowed-buckets");
		assertThat(this.sources.refusal("shared-logs", "AWSLogs/444455556666/CloudTrail/x.json.gz")).isEqualTo(
				"not an allowed source: the key is outside the prefixes of bucket shared-logs in trailscope.ingest.allowed-buckets");
		// a prefix matches character by character, as in S3
		assertThat(this.sources.refusal("shared-logs", "AWSLogs/1111222233334/x.json.gz")).isNotNull();
		assertThat(this.sources.refusal("MY-TRAIL", KEY)).isNotNull();
	}

	@Test
	void refusesABackfillThatWouldListAnythingOutside() {
		assertThat(this.sources.prefixRefusal("my-trail", "")).isNull();
		assertThat(this.sources.prefixRefusal("shared-logs", "AWSLogs/111122223333/CloudTrail/")).isNull();
		assertThat(this.sources.prefixRefusal("shared-logs", "AWSLogs/"))
			.startsWith("not an allowed source: s3://shared-logs/AWSLogs/ is outside trailscope.ingest.allowed-buckets")
			.contains("s3://my-trail, s3://shared-logs/AWSLogs/111122223333/");
		assertThat(this.sources.prefixRefusal("other", "AWSLogs/111122223333/")).isNotNull();
	}

	@Test
	void verifiesSnsSignaturesUnlessToldNotTo() {
		assertThat(this.sources.sns().verifySignatures()).isTrue();
		assertThat(new TrustedSources(null, new TrustedSources.Sns(false)).sns().verifySignatures()).isFalse();
	}

	@Test
	void refusesEntriesThatAreNoBucket() {
		for (String bad : List.of("/AWSLogs/", "my trail", "s3:///x", "bucket\r\nname")) {
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> new TrustedSources(List.of(bad), null))
				.withMessageContaining("trailscope.ingest.allowed-buckets")
				.withMessageNotContaining("\n");
		}
	}

}
