package io.trailscope.ingest;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRoutingTest {

	@Test
	void readsTheDayOfATrailKey() {
		assertThat(ObjectKind.dateOf("AWSLogs/111122223333/CloudTrail/us-east-1/2025/03/31/f.json.gz"))
			.isEqualTo(LocalDate.of(2025, 3, 31));
		assertThat(ObjectKind.dateOf("AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2024/02/29/f.json.gz"))
			.isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(ObjectKind.dateOf("team/AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2025/01/01/f.json.gz"))
			.isEqualTo(LocalDate.of(2025, 1, 1));
		assertThat(ObjectKind.dateOf("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/01/f.json.gz"))
			.isEqualTo(LocalDate.of(2025, 1, 1));
	}

	@Test
	void findsNoDayOutsideTheTrailLayout() {
		assertThat(ObjectKind.dateOf("exports/2025/01/01/f.json.gz")).isNull();
		assertThat(ObjectKind.dateOf("AWSLogs/111122223333/CloudTrail/us-east-1/2025/13/01/f.json.gz")).isNull();
		assertThat(ObjectKind.dateOf("AWSLogs/111122223333/CloudTrail/us-east-1/2025/02/30/f.json.gz")).isNull();
		assertThat(ObjectKind.dateOf("AWSLogs/111122223333/CloudTrail/us-east-1/")).isNull();
		assertThat(ObjectKind.dateOf("AWSLogs/111122223333/CloudTrailx/us-east-1/2025/01/01/f.json.gz")).isNull();
	}

	@Test
	void readsTheAccountOfATrailKey() {
		assertThat(ObjectKind.accountOf("AWSLogs/111122223333/CloudTrail/us-east-1/2014/03/06/f.json.gz"))
			.isEqualTo("111122223333");
		assertThat(ObjectKind.accountOf("AWSLogs/o-abc123def4/444455556666/CloudTrail/eu-west-1/2024/02/29/f.json.gz"))
			.isEqualTo("444455556666");
		assertThat(ObjectKind.accountOf("team/trails/AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/01/f.json.gz"))
			.isEqualTo("111122223333");
		assertThat(
				ObjectKind.accountOf("team/AWSLogs/o-abc123/444455556666/CloudTrail-Insight/us-east-1/2025/01/01/f.gz"))
			.isEqualTo("444455556666");
	}

	@Test
	void readsTheAccountOfADigestKeyAsItReadsItsDay() {
		// digests are never loaded; the key names its account all the same
		assertThat(ObjectKind.accountOf("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/01/f.json.gz"))
			.isEqualTo("111122223333");
	}

	@Test
	void findsNoAccountOutsideTheTrailLayout() {
		assertThat(ObjectKind.accountOf("CloudTrail/us-east-1/2025/01/01/f.json")).isNull();
		assertThat(ObjectKind.accountOf("exports/111122223333/2025/01/01/f.json.gz")).isNull();
		assertThat(ObjectKind.accountOf("AWSLogs/111122223333/elasticloadbalancing/us-east-1/2025/01/01/f.log.gz"))
			.isNull();
		assertThat(ObjectKind.accountOf("AWSLogs/11112222333/CloudTrail/us-east-1/2025/01/01/f.json.gz")).isNull();
		assertThat(ObjectKind.accountOf("AWSLogs/1111222233334/CloudTrail/us-east-1/2025/01/01/f.json.gz")).isNull();
		assertThat(ObjectKind.accountOf("AWSLogs/ops/111122223333/CloudTrail/us-east-1/2025/01/01/f.json.gz")).isNull();
		assertThat(ObjectKind.accountOf("AWSLogs/111122223333/CloudTrail/us-east-1/")).isNull();
		assertThat(ObjectKind.accountOf("111122223333_CloudTrail_us-east-1_20140306T2125Z_abc.json.gz")).isNull();
		assertThat(ObjectKind.accountOf("/home/analyst/incident/export.json")).isNull();
	}

	@Test
	void takesTheAccountOnlyFromAnS3Key() {
		String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2014/03/06/f.json.gz";

		assertThat(ObjectRef.s3("trail-bucket", key, "e", 1, null).keyAccount()).isEqualTo("111122223333");
		assertThat(new ObjectRef("file", "", "/data/" + key, "e", 1, null, ObjectKind.ofLocalName(key)).keyAccount())
			.isNull();
		assertThat(
				new ObjectRef("upload", "", "logs.zip!/" + key, "e", 1, null, ObjectKind.ofLocalName(key)).keyAccount())
			.isNull();
		assertThat(ObjectRef.s3("trail-bucket", "exports/f.json.gz", "e", 1, null).keyAccount()).isNull();
	}

	@Test
	void tellsWhereARegionsDaysBegin() {
		assertThat(ObjectKind.isRegionPrefix("AWSLogs/111122223333/CloudTrail/us-east-1/")).isTrue();
		assertThat(ObjectKind.isRegionPrefix("AWSLogs/o-abc/111122223333/CloudTrail-Insight/us-east-1/")).isTrue();
		assertThat(ObjectKind.isRegionPrefix("AWSLogs/111122223333/CloudTrail/")).isFalse();
		assertThat(ObjectKind.isRegionPrefix("AWSLogs/111122223333/CloudTrail/us-east-1/2025/")).isFalse();
		assertThat(ObjectKind.isDigestPrefix("AWSLogs/111122223333/CloudTrail-Digest/")).isTrue();
		assertThat(ObjectKind.path(LocalDate.of(2025, 1, 2))).isEqualTo("2025/01/02/");
	}

	@Test
	void routesLogAndInsightFilesToLoading() {
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/CloudTrail/us-east-1/2025/01/01/1_CloudTrail_us-east-1_x.json.gz"))
			.isEqualTo(ObjectKind.LOG);
		assertThat(ObjectKind.ofS3Key("AWSLogs/o-1/1/CloudTrail/us-east-1/2025/01/01/x.json.gz"))
			.isEqualTo(ObjectKind.LOG);
		assertThat(ObjectKind.ofS3Key("CloudTrail/us-east-1/2025/01/01/x.json")).isEqualTo(ObjectKind.LOG);
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/CloudTrail-Insight/us-east-1/2025/01/01/x.json.gz"))
			.isEqualTo(ObjectKind.INSIGHT);
	}

	@Test
	void skipsDigestsFoldersAndUnrelatedObjects() {
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/CloudTrail-Digest/us-east-1/2025/01/01/x.json.gz"))
			.isEqualTo(ObjectKind.DIGEST);
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/CloudTrail/us-east-1/2025/01/01/")).isEqualTo(ObjectKind.FOLDER);
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/CloudTrail/us-east-1/2025/01/01/notes.txt"))
			.isEqualTo(ObjectKind.OTHER);
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/elasticloadbalancing/us-east-1/2025/01/01/x.log.gz"))
			.isEqualTo(ObjectKind.OTHER);
		assertThat(ObjectKind.ofS3Key("AWSLogs/1/CloudTrail/us-east-1/2025/01/01/x.json.gz.tmp"))
			.isEqualTo(ObjectKind.OTHER);
	}

}
