package io.trailscope.investigations;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.sample.TrailGenerator;
import io.trailscope.sample.TrailGenerator.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the README promises a newcomer: the incident inside the sample trail is found by
 * the canned investigations, followed as an analyst follows them, from the
 * investigation's link to the events page.
 */
@TrailscopeIntegrationTest
@AutoConfigureMockMvc
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleIncidentInvestigationsTest {

	/** The intruder's address in the generated trail, used nowhere else in it. */
	static final String INTRUDER = "185.220.101.47";

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

	@Autowired
	MockMvc mvc;

	@Autowired
	CannedInvestigations canned;

	@BeforeAll
	void loadARecentSampleTrail(@Autowired IngestService ingest) {
		Settings settings = new Settings(7, NOW.minus(Duration.ofDays(2)), NOW,
				List.of("320000000011", "320000000022", "320000000033"), List.of("us-east-1"), true);
		new TrailGenerator(settings).generate(2000, file -> {
			ObjectRef ref = new ObjectRef("sample", "incident-test", file.key(), "e" + file.key().hashCode(),
					file.gzipped().length, file.deliveredAt(), ObjectKind.LOG);
			IngestResult result = ingest.ingest(ref, () -> new ByteArrayInputStream(file.gzipped()));
			assertThat(result.failed()).as(file.key()).isFalse();
		});
	}

	@Test
	void consoleSignInWithoutMfaFindsTheIntruder() throws Exception {
		assertThat(results("console-without-mfa")).contains(INTRUDER).contains("dan.okafor");
	}

	@Test
	void accessDeniedHuntingFindsTheBurstOfTheNewUser() throws Exception {
		assertThat(results("access-denied")).contains("svc-backup-admin").contains("AccessDenied");
	}

	@Test
	void securityGroupsOpenToTheWorldFindsTheOpenedPort() throws Exception {
		assertThat(results("security-groups-open-to-the-world")).contains("AuthorizeSecurityGroupIngress")
			.contains(INTRUDER);
	}

	@Test
	void iamChangesFindTheNewUserAndItsAccessKey() throws Exception {
		String page = results("iam-changes");
		assertThat(page).contains("CreateUser").contains("CreateAccessKey").contains(INTRUDER);
	}

	@Test
	void theAssumeRoleIntoTheAdminRoleLeadsToItsSession() throws Exception {
		String page = this.mvc
			.perform(get("/events").param("q", "eventName:AssumeRole ip:" + INTRUDER)
				.param("range", "7d")
				.param("col", "who", "event", "requestParameters.roleArn"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("dan.okafor").contains("role/OrganizationAccountAccessRole");
	}

	/** The events page an investigation links to, as its link has it. */
	private String results(String id) throws Exception {
		Investigation investigation = this.canned.find(id, NOW).orElseThrow();
		String page = this.mvc
			.perform(get("/events").param("q", investigation.query()).param("range", investigation.range()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return page;
	}

}
