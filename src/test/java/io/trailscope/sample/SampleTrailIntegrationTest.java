package io.trailscope.sample;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.database.EmbeddedDatabase;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.sample.TrailGenerator.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A small generated trail loaded through the ingest module: every element of the incident
 * is stored with the fields the canned investigations query, and the sessions module
 * links the intruder's role session to its calls.
 */
@TrailscopeIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleTrailIntegrationTest {

	static final Instant END = Instant.parse("2024-11-20T00:00:00Z");

	static final Settings SETTINGS = new Settings(11, END.minus(Duration.ofDays(3)), END,
			List.of("310000000011", "310000000022", "310000000033"), Settings.DEFAULT_REGIONS.subList(0, 2), true);

	static final String ATTACKER = Incident.ATTACKER_ADDRESS;

	@Autowired
	SampleTrail sample;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IngestService ingest;

	@Autowired
	ObjectProvider<EmbeddedDatabase> embedded;

	@BeforeAll
	void load() {
		// once for the class: every test reads the same trail
		SampleTrail.Summary summary = this.sample.load(SETTINGS, 5000);
		assertThat(summary.failed).isZero();
		assertThat(summary.rejected).isZero();
		assertThat(summary.files).isGreaterThan(50);
	}

	long count(String where, Map<String, ?> params) {
		return this.jdbc.sql("select count(*) from events where recipient_account_id like '3100000000%' and " + where)
			.params(params)
			.query(Long.class)
			.single();
	}

	@Test
	void everyRecordIsStoredOnce() {
		long stored = count("true", Map.of());
		assertThat(stored).isBetween(4500L, 5500L);
		assertThat(this.sample.load(SETTINGS, 5000).alreadyLoaded).isEqualTo(this.sample.load(SETTINGS, 5000).files);
		assertThat(count("true", Map.of())).isEqualTo(stored);
	}

	@Test
	void consoleSignInWithoutMfaFromAnAddressSeenNowhereElse() {
		String noMfa = "event_name = 'ConsoleLogin' and record @> cast(:match as jsonb)";
		Map<String, String> match = Map.of("match", """
				{"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},
				 "userIdentity":{"type":"IAMUser"}}""");
		assertThat(count(noMfa, match)).isEqualTo(1);
		assertThat(count(noMfa + " and source_address = :ip", Map.of("match", match.get("match"), "ip", ATTACKER)))
			.isEqualTo(1);
		List<String> principals = this.jdbc.sql("select distinct principal from events where source_address = :ip")
			.param("ip", ATTACKER)
			.query(String.class)
			.list();
		assertThat(principals).containsExactlyInAnyOrder("dan.okafor", "account 310000000011",
				"OrganizationAccountAccessRole/maintenance", Incident.NEW_USER);
		Map<String, Object> span = this.jdbc
			.sql("select min(event_time) as first, max(event_time) as last from events where source_address = :ip")
			.param("ip", ATTACKER)
			.query()
			.singleRow();
		assertThat(Duration.between(((Timestamp) span.get("first")).toInstant(),
				((Timestamp) span.get("last")).toInstant()))
			.isLessThan(Duration.ofHours(2));
	}

	@Test
	void assumeRoleIntoTheAdminRoleFollowedByCallsWithTheIssuedKey() {
		Map<String, Object> issue = this.jdbc
			.sql("""
					select record #>> '{responseElements,credentials,accessKeyId}' as key,
					       record #>> '{responseElements,assumedRoleUser,arn}' as arn, event_time, shared_event_id
					from events
					where event_name = 'AssumeRole' and principal = 'dan.okafor' and source_address = :ip
					  and identity_type = 'IAMUser'
					  and record @> '{"requestParameters":{"roleArn":"arn:aws:iam::310000000022:role/OrganizationAccountAccessRole"}}'
					""")
			.param("ip", ATTACKER)
			.query()
			.singleRow();
		String key = (String) issue.get("key");
		assertThat(key).matches("ASIA[A-Z2-7]{16}");
		assertThat(issue.get("arn"))
			.isEqualTo("arn:aws:sts::310000000022:assumed-role/OrganizationAccountAccessRole/maintenance");
		// the role owner's copy of the cross-account call
		assertThat(count(
				"event_name = 'AssumeRole' and shared_event_id = :shared and recipient_account_id = '310000000022'"
						+ " and identity_type = 'AWSAccount'",
				Map.of("shared", issue.get("shared_event_id"))))
			.isEqualTo(1);
		List<Map<String, Object>> calls = this.jdbc.sql("""
				select principal_arn, session_created, event_time from events where access_key_id = :key
				""").param("key", key).query().listOfRows();
		assertThat(calls).hasSizeGreaterThan(15);
		for (Map<String, Object> call : calls) {
			assertThat(call.get("principal_arn")).isEqualTo(issue.get("arn"));
			assertThat(call.get("session_created")).isEqualTo(issue.get("event_time"));
		}
		assertThat(count("access_key_id = :key and event_name in ('GetCallerIdentity', 'ListUsers', 'ListRoles', "
				+ "'DescribeInstances')", Map.of("key", key)))
			.isEqualTo(3 + SETTINGS.regions().size());
	}

	@Test
	void sshOpenedToTheWorld() {
		assertThat(count(
				"event_name = 'AuthorizeSecurityGroupIngress' and error_code is null and record @> cast(:m as jsonb)",
				Map.of("m", """
						{"requestParameters":{"ipPermissions":{"items":[{"fromPort":22,"toPort":22,
						 "ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}}}""")))
			.isEqualTo(1);
		assertThat(count("event_name = 'AuthorizeSecurityGroupIngress' and record::text like '%0.0.0.0/0%'", Map.of()))
			.isEqualTo(1);
	}

	@Test
	void newUserAndAccessKey() {
		String user = Incident.NEW_USER;
		assertThat(count(
				"event_name = 'CreateUser' and event_source = 'iam.amazonaws.com' and read_only = false "
						+ "and record @> cast(:m as jsonb)",
				Map.of("m", "{\"requestParameters\":{\"userName\":\"" + user + "\"}}")))
			.isEqualTo(1);
		String newKey = this.jdbc.sql("""
				select record #>> '{responseElements,accessKey,accessKeyId}' from events
				where event_name = 'CreateAccessKey' and record @> cast(:m as jsonb)
				""").param("m", "{\"requestParameters\":{\"userName\":\"" + user + "\"}}").query(String.class).single();
		assertThat(newKey).matches("AKIA[A-Z2-7]{16}");
		assertThat(count("access_key_id = :key and principal = :user", Map.of("key", newKey, "user", user)))
			.isGreaterThan(20);
	}

	@Test
	void burstOfAccessDeniedByOnePrincipal() {
		Map<String, Object> top = this.jdbc.sql("""
				select principal, count(*) as denied, max(event_time) - min(event_time) as span from events
				where recipient_account_id like '3100000000%'
				  and error_code in ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation',
				                     'UnauthorizedOperation')
				group by principal order by count(*) desc limit 1
				""").query().singleRow();
		assertThat(top.get("principal")).isEqualTo(Incident.NEW_USER);
		assertThat((Long) top.get("denied")).isGreaterThanOrEqualTo(30);
	}

	@Test
	void sessionsAreLinked() {
		String arn = "arn:aws:sts::310000000022:assumed-role/OrganizationAccountAccessRole/maintenance";
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Map<String, Object> session = this.jdbc.sql("""
					select issued_key, call_count, root_kind, root_principal, issuer_accounts::text as accounts
					from sessions where arn = :arn
					""").param("arn", arn).query().singleRow();
			long calls = count("access_key_id = :key", Map.of("key", session.get("issued_key")));
			assertThat((Long) session.get("call_count")).isEqualTo(calls);
			assertThat(session.get("root_kind")).isEqualTo("IAM user");
			assertThat(session.get("root_principal")).isEqualTo("arn:aws:iam::310000000011:user/dan.okafor");
			assertThat((String) session.get("accounts")).contains("310000000011", "310000000022");
		});
		Map<String, Object> totals = this.jdbc.sql("""
				select count(*) as sessions, count(*) filter (where parent_id is not null) as chained,
				       count(*) filter (where issued_key is null) as console, sum(call_count) as calls
				from sessions where issuer_account like '3100000000%'
				""").query().singleRow();
		assertThat((Long) totals.get("sessions")).isGreaterThan(50);
		assertThat((Long) totals.get("console")).isGreaterThan(5);
		assertThat((Long) totals.get("chained")).isGreaterThan(5);
		assertThat(this.jdbc
			.sql("""
					select count(*) from sessions s join sessions p on p.id = s.parent_id
					where s.issuer_account like '3100000000%' and s.issuer_event_name = :child and p.issuer_event_name = :parent
					""")
			.param("child", "SwitchRole")
			.param("parent", "ConsoleLogin")
			.query(Long.class)
			.single()).isPositive();
		assertThat(this.jdbc
			.sql("""
					select count(*) from sessions s join sessions p on p.id = s.parent_id
					where s.issuer_account like '3100000000%' and s.issuer_event_name = :child and p.issuer_event_name = :parent
					""")
			.param("child", "AssumeRole")
			.param("parent", "AssumeRole")
			.query(Long.class)
			.single()).isPositive();
		assertThat(this.jdbc
			.sql("""
					select count(*) from sessions s join sessions p on p.id = s.parent_id
					where s.issuer_account like '3100000000%' and s.issuer_event_name = :child and p.issuer_event_name = :parent
					""")
			.param("child", "ConsoleLogin")
			.param("parent", "AssumeRoleWithSAML")
			.query(Long.class)
			.single()).isPositive();
		// the calls made with session credentials are linked to their sessions
		long sessionCalls = count("session_created is not null", Map.of());
		assertThat(((Number) totals.get("calls")).longValue()).isGreaterThan(sessionCalls * 95 / 100);
	}

	@Test
	void loadsNothingWhenDisabled() {
		SampleTrail disabled = new SampleTrail(new SampleProperties(false, 100), this.embedded, this.jdbc, this.ingest);
		assertThat(disabled.shouldLoad()).isFalse();
		long objects = sampleObjects();
		disabled.applicationReady();
		// the load runs in the background: that none was started is what shows it never
		// will
		assertThat(disabled.started).isFalse();
		assertThat(sampleObjects()).isEqualTo(objects);
	}

	@Test
	void loadsNothingOnAConfiguredDatabase() {
		ObjectProvider<EmbeddedDatabase> none = new StaticListableBeanFactory().getBeanProvider(EmbeddedDatabase.class);
		assertThat(new SampleTrail(new SampleProperties(true, 100), none, this.jdbc, this.ingest).shouldLoad())
			.isFalse();
	}

	@Test
	void loadsNothingWhenEventsExist() {
		// this test's trail is loaded
		SampleTrail enabled = new SampleTrail(new SampleProperties(true, 100), this.embedded, this.jdbc, this.ingest);
		assertThat(enabled.shouldLoad()).isFalse();
		long objects = sampleObjects();
		enabled.applicationReady();
		// the load runs in the background: that none was started is what shows it never
		// will
		assertThat(enabled.started).isFalse();
		assertThat(sampleObjects()).isEqualTo(objects);
	}

	long sampleObjects() {
		return this.jdbc.sql("select count(*) from ingest_objects where source = 'sample'").query(Long.class).single();
	}

}
