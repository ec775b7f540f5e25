package io.trailscope.investigations;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CannedInvestigationsTest {

	static final Instant NOW = Instant.parse("2026-03-11T09:30:00Z");

	private final CannedInvestigations defaults = new CannedInvestigations(settings(null, null, null));

	@Test
	void coversWhatAnalystsAskFirst() {
		assertThat(this.defaults.all(NOW)).extracting(Investigation::id)
			.containsExactly("console-without-mfa", "console-untrusted-network", "console-at-night", "root-activity",
					"top-errors", "access-denied", "security-group-changes", "security-groups-open-to-the-world",
					"iam-changes", "creates", "instance-launch", "unusual-regions", "cloudtrail-tampering");
		assertThat(this.defaults.all(NOW)).allSatisfy((investigation) -> {
			assertThat(investigation.title()).isNotBlank();
			assertThat(investigation.description()).endsWith(".");
			assertThat(investigation.query()).isNotBlank().doesNotContain(Investigation.VALUE);
		});
	}

	@Test
	void findsConsoleSignInsWithoutMfa() {
		assertThat(query(this.defaults, "console-without-mfa")).contains("eventName:ConsoleLogin")
			.contains("additionalEventData.MFAUsed:No");
	}

	@Test
	void excludesTheTrustedNetworks() {
		CannedInvestigations canned = new CannedInvestigations(
				settings(List.of("203.0.113.0/24", "2001:db8::/32"), null, null));
		assertThat(query(canned, "console-untrusted-network"))
			.isEqualTo("eventName:ConsoleLogin -sourceIPAddress:203.0.113.0/24 -sourceIPAddress:2001:db8::/32");
	}

	@Test
	void excludesTheUsualRegions() {
		CannedInvestigations canned = new CannedInvestigations(settings(null, List.of("us-east-1", "eu-west-1"), null));
		assertThat(query(canned, "unusual-regions")).isEqualTo("-awsRegion:us-east-1 -awsRegion:eu-west-1");
	}

	@Test
	void excludesNoisyCreates() {
		assertThat(query(this.defaults, "creates")).startsWith("eventName:Create* ")
			.contains("-eventName:CreateLogStream");
	}

	@Test
	void findsSecurityGroupsOpenedToTheWorld() {
		assertThat(query(this.defaults, "security-groups-open-to-the-world")).contains("AuthorizeSecurityGroupIngress")
			.contains("requestParameters.ipPermissions.items.ipRanges.items.cidrIp:\"0.0.0.0/0\"")
			.contains("\"::/0\"");
	}

	@Test
	void findsCloudTrailTampering() {
		assertThat(query(this.defaults, "cloudtrail-tampering")).contains("StopLogging", "DeleteTrail", "UpdateTrail",
				"PutEventSelectors");
	}

	@Test
	void offersTheLastSevenNightsInTheConfiguredZone() {
		CannedInvestigations canned = new CannedInvestigations(
				new InvestigationSettings(null, 22, 5, ZoneId.of("Europe/Berlin"), null, null));
		Investigation nights = canned.find("console-at-night", NOW).orElseThrow();
		assertThat(nights.windows()).hasSize(7);
		Investigation.Window lastNight = nights.windows().get(0);
		assertThat(lastNight.from()).isEqualTo(Instant.parse("2026-03-10T21:00:00Z"));
		assertThat(lastNight.to()).isEqualTo(Instant.parse("2026-03-11T04:00:00Z"));
		assertThat(lastNight.label()).isEqualTo("Tue 10 Mar");
		Instant lateEvening = Instant.parse("2026-03-11T22:00:00Z");
		assertThat(canned.find("console-at-night", lateEvening).orElseThrow().windows().get(0).from())
			.isEqualTo(Instant.parse("2026-03-11T21:00:00Z"));
	}

	@Test
	void putsOnlyWellFormedValuesIntoParameterisedQueries() {
		Investigation launch = this.defaults.find("instance-launch", NOW).orElseThrow();
		assertThat(launch.queryFor(" i-0123456789abcdef0 ")).isEqualTo("eventName:RunInstances i-0123456789abcdef0");
		assertThat(launch.queryFor("i-0123456789abcdef0 OR user:*")).isNull();
		assertThat(launch.queryFor("")).isNull();
		Investigation denied = this.defaults.find("access-denied", NOW).orElseThrow();
		assertThat(denied.queryFor("arn:aws:iam::123456789012:user/alice"))
			.endsWith(" user:\"arn:aws:iam::123456789012:user/alice\"");
		assertThat(denied.queryFor("alice\" OR \"")).isNull();
	}

	@Test
	void refusesSettingsThatWouldBreakTheQuery() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(List.of("10.0.0.0/8 OR x"), null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> settings(null, List.of("us-east-1)"), null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InvestigationSettings(null, 24, null, null, null, null));
	}

	private static String query(CannedInvestigations canned, String id) {
		return canned.find(id, NOW).orElseThrow().query();
	}

	private static InvestigationSettings settings(List<String> networks, List<String> regions, List<String> noisy) {
		return new InvestigationSettings(networks, null, null, null, regions, noisy);
	}

}
