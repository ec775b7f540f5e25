package io.trailscope.ingest.s3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackfillTargetTest {

	@Test
	void parsesBackfillUrls() {
		assertThat(Backfill.Target.parse("s3://my-trail/AWSLogs/111122223333/CloudTrail/"))
			.isEqualTo(new Backfill.Target("my-trail", "AWSLogs/111122223333/CloudTrail/"));
		assertThat(Backfill.Target.parse("s3://my-trail")).isEqualTo(new Backfill.Target("my-trail", ""));
		for (String bad : new String[] { "", "my-trail/AWSLogs", "https://my-trail/x", "s3://", "s3:///AWSLogs",
				"s3://My Trail/x" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> Backfill.Target.parse(bad))
				.as(bad)
				.withMessageContaining("s3");
		}
	}

}
