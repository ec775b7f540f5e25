package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static io.trailscope.sessions.Trails.JSON;
import static io.trailscope.sessions.Trails.assumeRole;
import static io.trailscope.sessions.Trails.assumedRole;
import static io.trailscope.sessions.Trails.call;
import static io.trailscope.sessions.Trails.iamUser;
import static io.trailscope.sessions.Trails.row;
import static io.trailscope.sessions.Trails.samlUser;
import static io.trailscope.sessions.Trails.service;
import static io.trailscope.sessions.Trails.usage;
import static org.assertj.core.api.Assertions.assertThat;

class SessionRulesTest {

	static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

	static final String ACCOUNT = "111122223333";

	static final String ROLE = "arn:aws:iam::111122223333:role/admin/Admin";

	static final String ASSUMED = "arn:aws:sts::111122223333:assumed-role/Admin/alice";

	final SessionRules rules = new SessionRules(Duration.ofSeconds(60), Duration.ofHours(12), Duration.ofHours(12));

	Issuance issue(ObjectNode record) {
		return this.rules.issuance(row(record)).orElseThrow();
	}

	Issuance adminSession() {
		return issue(assumeRole("e1", T0, ACCOUNT, iamUser(ACCOUNT, "alice", "AKIAALICE"), ROLE, "alice", "ASIAKEY1",
				"May 1, 2024 11:00:00 AM"));
	}

	@Test
	void readsWhatAssumeRoleIssued() {
		Issuance session = adminSession();

		assertThat(session.arn()).isEqualTo(ASSUMED);
		assertThat(session.issuedKey()).isEqualTo("ASIAKEY1");
		assertThat(session.created()).isEqualTo(T0);
		assertThat(session.expires()).isEqualTo(T0.plus(Duration.ofHours(1)));
		assertThat(session.roleArn()).isEqualTo(ROLE);
		assertThat(session.sessionName()).isEqualTo("alice");
		assertThat(session.signer().arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
	}

	@Test
	void derivesTheSessionArnWhenTheResponseOmitsIt() {
		ObjectNode record = assumeRole("e1", T0, ACCOUNT, service("lambda.amazonaws.com"), ROLE, "fn", "ASIAKEY1", "x");
		((ObjectNode) record.get("responseElements")).remove("assumedRoleUser");

		Issuance session = issue(record);

		assertThat(session.arn()).isEqualTo(ASSUMED.replace("alice", "fn"));
		assertThat(session.expires()).isEqualTo(T0.plus(Duration.ofHours(12)));
	}

	@Test
	void issuesNothingWhenTheCallFailed() {
		ObjectNode record = assumeRole("e1", T0, ACCOUNT, iamUser(ACCOUNT, "alice", "AKIA1"), ROLE, "a", "ASIA1", "x");
		record.put("errorCode", "AccessDenied");
		record.remove("responseElements");

		assertThat(this.rules.issuance(row(record))).isEmpty();
		assertThat(this.rules.issuance(row(call("c", T0, ACCOUNT, iamUser(ACCOUNT, "a", "AKIA1"), "RunInstances"))))
			.isEmpty();
	}

	@Test
	void readsEveryIssuerType() {
		ObjectNode saml = assumeRole("s", T0, ACCOUNT, samlUser("bob@example.com"), ROLE, "bob", "ASIASAML", "x");
		saml.put("eventName", "AssumeRoleWithSAML");
		ObjectNode web = assumeRole("w", T0, ACCOUNT, (ObjectNode) JSON.readTree(
				"{\"type\":\"WebIdentityUser\",\"userName\":\"sub-1\",\"identityProvider\":\"accounts.google.com\"}"),
				ROLE, "app", "ASIAWEB", "x");
		web.put("eventName", "AssumeRoleWithWebIdentity");
		ObjectNode token = call("t", T0, ACCOUNT, iamUser(ACCOUNT, "carol", "AKIACAROL"), "GetSessionToken");
		token.set("responseElements", JSON.readTree("{\"credentials\":{\"accessKeyId\":\"ASIATOKEN\"}}"));
		ObjectNode federation = call("f", T0, ACCOUNT, iamUser(ACCOUNT, "carol", "AKIACAROL"), "GetFederationToken");
		federation.set("requestParameters", JSON.readTree("{\"name\":\"fed\"}"));
		federation.set("responseElements", JSON.readTree("""
				{"credentials":{"accessKeyId":"ASIAFED","expiration":"Nov 30, 2024, 8:43:17 PM"},
				 "federatedUser":{"arn":"arn:aws:sts::111122223333:federated-user/fed"}}"""));
		ObjectNode root = call("r", T0, ACCOUNT, iamUser(ACCOUNT, "carol", "AKIACAROL"), "AssumeRoot");
		root.set("requestParameters", JSON.readTree("{\"targetPrincipal\":\"444455556666\"}"));
		root.set("responseElements", JSON.readTree("{\"credentials\":{\"accessKeyId\":\"ASIAROOT\"}}"));

		assertThat(issue(saml).arn()).isEqualTo(ASSUMED.replace("alice", "bob"));
		assertThat(SessionRules.root(List.of(issue(saml))))
			.isEqualTo(new Root("SAML subject", "bob@example.com via abc="));
		assertThat(SessionRules.root(List.of(issue(web))))
			.isEqualTo(new Root("web identity", "sub-1 via accounts.google.com"));
		assertThat(issue(token).arn()).isEqualTo("arn:aws:iam::111122223333:user/carol");
		assertThat(issue(token).expires()).isEqualTo(T0.plus(Duration.ofHours(36)));
		assertThat(issue(federation).arn()).isEqualTo("arn:aws:sts::111122223333:federated-user/fed");
		assertThat(issue(federation).sessionName()).isEqualTo("fed");
		assertThat(issue(federation).expires()).isEqualTo(Instant.parse("2024-11-30T20:43:17Z"));
		assertThat(issue(root).arn()).isEqualTo("arn:aws:iam::444455556666:root");
		assertThat(SessionRules.root(List.of(issue(root))))
			.isEqualTo(new Root("IAM user", "arn:aws:iam::111122223333:user/carol"));
	}

	@Test
	void serviceAssumedRoleHasTheServiceAtTheRoot() {
		Issuance session = issue(
				assumeRole("e", T0, ACCOUNT, service("ec2.amazonaws.com"), ROLE, "i-0abc", "ASIAEC2", "x"));

		assertThat(SessionRules.root(List.of(session))).isEqualTo(new Root("AWS service", "ec2.amazonaws.com"));
	}

	@Test
	void identityCenterRoleSessionsHaveTheUserAtTheRoot() {
		String role = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123";
		ObjectNode record = assumeRole("e", T0, ACCOUNT, samlUser("dana@example.com"), role, "dana@example.com",
				"ASIASSO", "x");
		record.put("eventName", "AssumeRoleWithSAML");

		assertThat(SessionRules.root(List.of(issue(record))))
			.isEqualTo(new Root("Identity Center user", "dana@example.com"));
	}

	@Test
	void linksCallsByKeyArnAndCreationDate() {
		SessionKey session = adminSession().key();

		assertThat(this.rules.link(session,
				usage(call("c", T0.plusSeconds(90), ACCOUNT, assumedRole(ASSUMED, "ASIAKEY1", T0), "RunInstances"))))
			.contains(LinkMethod.EXACT);
	}

	@Test
	void neverLinksByTheKeyAlone() {
		SessionKey session = adminSession().key();
		Instant later = T0.plus(Duration.ofDays(3));

		// the same temporary key, reissued days later to another session of the same role
		assertThat(this.rules.link(session,
				usage(call("c", later, ACCOUNT, assumedRole(ASSUMED, "ASIAKEY1", later), "RunInstances"))))
			.isEmpty();
		// the same key and creation date under another role session
		assertThat(
				this.rules.link(session,
						usage(call("c", T0.plusSeconds(5), ACCOUNT,
								assumedRole(ASSUMED.replace("alice", "mallory"), "ASIAKEY1", T0), "RunInstances"))))
			.isEmpty();
		// another key of the same role session
		assertThat(this.rules.link(session,
				usage(call("c", T0.plusSeconds(5), ACCOUNT, assumedRole(ASSUMED, "ASIAOTHER", T0), "RunInstances"))))
			.isEmpty();
	}

	@Test
	void toleratesClockSkewWithinTheWindowOnly() {
		SessionKey session = adminSession().key();

		assertThat(
				this.rules.link(session,
						usage(call("c", T0.plusSeconds(90), ACCOUNT,
								assumedRole(ASSUMED, "ASIAKEY1", T0.plusSeconds(2)), "RunInstances"))))
			.contains(LinkMethod.CLOCK_SKEW);
		assertThat(this.rules.link(session, usage(call("c", T0.plusSeconds(90), ACCOUNT,
				assumedRole(ASSUMED, "ASIAKEY1", T0.minusSeconds(61)), "RunInstances"))))
			.isEmpty();
	}

	@Test
	void ignoresCallsAfterExpiry() {
		SessionKey session = adminSession().key();

		assertThat(this.rules.link(session, usage(call("c", T0.plus(Duration.ofHours(2)), ACCOUNT,
				assumedRole(ASSUMED, "ASIAKEY1", T0), "RunInstances"))))
			.isEmpty();
	}

	@Test
	void linksConsoleSessionsByArnAndCreationDateWhateverTheKey() {
		ObjectNode login = call("l", T0, ACCOUNT, iamUser(ACCOUNT, "alice", "AKIAALICE"), "ConsoleLogin");
		login.put("eventSource", "signin.amazonaws.com");
		login.set("responseElements", JSON.readTree("{\"ConsoleLogin\":\"Success\"}"));
		login.set("additionalEventData", JSON.readTree("{\"MFAUsed\":\"Yes\"}"));
		Issuance console = issue(login);
		ObjectNode consoleCall = call("c", T0.plusSeconds(600), ACCOUNT, iamUser(ACCOUNT, "alice", "ASIAROTATED"),
				"DescribeInstances");
		((ObjectNode) consoleCall.get("userIdentity")).set("sessionContext",
				JSON.readTree("{\"attributes\":{\"creationDate\":\"" + T0 + "\"}}"));
		ObjectNode cliCall = call("k", T0.plusSeconds(600), ACCOUNT, iamUser(ACCOUNT, "alice", "AKIAALICE"),
				"DescribeInstances");

		assertThat(console.console()).isTrue();
		assertThat(console.mfa()).isTrue();
		assertThat(this.rules.link(console.key(), usage(consoleCall))).contains(LinkMethod.CONSOLE);
		assertThat(this.rules.link(console.key(), usage(cliCall))).isEmpty();
	}

	@Test
	void federatedConsoleSignInContinuesItsSamlSession() {
		String role = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123";
		ObjectNode saml = assumeRole("s", T0, ACCOUNT, samlUser("dana@example.com"), role, "dana@example.com",
				"ASIASAML", "x");
		saml.put("eventName", "AssumeRoleWithSAML");
		Issuance samlSession = issue(saml);
		ObjectNode login = call("l", T0.plusSeconds(1), ACCOUNT, assumedRole(samlSession.arn(), "", T0),
				"ConsoleLogin");
		login.set("responseElements", JSON.readTree("{\"ConsoleLogin\":\"Success\"}"));
		Issuance console = issue(login);

		assertThat(console.id()).isNotEqualTo(samlSession.id());
		assertThat(this.rules.parent(console, List.of(samlSession.key(), console.key())))
			.contains(new SessionRules.Parent(samlSession.id(), LinkMethod.CONSOLE));
		assertThat(SessionRules.root(List.of(samlSession, console)))
			.isEqualTo(new Root("Identity Center user", "dana@example.com"));
	}

	@Test
	void linksAConsoleRoleSwitchToTheSignInItCameFrom() {
		ObjectNode login = call("l", T0, ACCOUNT, iamUser(ACCOUNT, "alice", "AKIAALICE"), "ConsoleLogin");
		login.set("responseElements", JSON.readTree("{\"ConsoleLogin\":\"Success\"}"));
		Issuance console = issue(login);
		ObjectNode earlier = login.deepCopy();
		earlier.put("eventTime", T0.minus(Duration.ofHours(20)).toString());
		Issuance expired = issue(earlier);
		ObjectNode switched = call("sw", T0.plusSeconds(300), ACCOUNT, assumedRole(ASSUMED, "", T0.plusSeconds(300)),
				"SwitchRole");
		switched.set("responseElements", JSON.readTree("{\"SwitchRole\":\"Success\"}"));
		switched.set("additionalEventData", JSON.readTree("{\"SwitchFrom\":\"arn:aws:iam::111122223333:user/alice\"}"));
		Issuance role = issue(switched);

		assertThat(role.console()).isTrue();
		assertThat(role.arn()).isEqualTo(ASSUMED);
		assertThat(this.rules.parent(role, List.of(expired.key(), console.key())))
			.contains(new SessionRules.Parent(console.id(), LinkMethod.TIME_WINDOW));
		assertThat(SessionRules.root(List.of(role)))
			.isEqualTo(new Root("SwitchFrom user", "arn:aws:iam::111122223333:user/alice"));
	}

	@Test
	void chainsSessionsThreeDeepUpToTheHuman() {
		Issuance first = adminSession();
		String auditRole = "arn:aws:iam::444455556666:role/Audit";
		ObjectNode second = assumeRole("e2", T0.plusSeconds(60), "444455556666",
				assumedRole(first.arn(), "ASIAKEY1", T0), auditRole, "hop2", "ASIAKEY2", "May 1, 2024 11:00:00 AM");
		((ObjectNode) second.get("requestParameters")).put("sourceIdentity", "alice@example.com");
		Issuance two = issue(second);
		String deployRole = "arn:aws:iam::777788889999:role/Deploy";
		Issuance three = issue(assumeRole("e3", T0.plusSeconds(120), "777788889999",
				assumedRole(two.arn(), "ASIAKEY2", T0.plusSeconds(61)), deployRole, "hop3", "ASIAKEY3",
				"May 1, 2024 11:00:00 AM"));
		List<SessionKey> all = List.of(first.key(), two.key(), three.key());

		assertThat(this.rules.parent(two, all)).contains(new SessionRules.Parent(first.id(), LinkMethod.EXACT));
		assertThat(this.rules.parent(three, all)).contains(new SessionRules.Parent(two.id(), LinkMethod.CLOCK_SKEW));
		assertThat(this.rules.parent(first, all)).isEmpty();
		List<Issuance> chain = List.of(first, two, three);
		assertThat(SessionRules.root(chain)).isEqualTo(new Root("IAM user", "arn:aws:iam::111122223333:user/alice"));
		assertThat(SessionRules.chainSourceIdentity(chain)).isEqualTo("alice@example.com");
		assertThat(SessionRules.chainSourceIdentity(List.of(first))).isNull();
	}

	@Test
	void choosesTheSameParentWhateverOrderTheCandidatesArriveIn() {
		Issuance first = adminSession();
		Issuance repeat = issue(assumeRole("e9", T0.plusSeconds(30), ACCOUNT, iamUser(ACCOUNT, "alice", "AKIAALICE"),
				ROLE, "alice", "ASIAKEY1", "May 1, 2024 11:00:00 AM"));
		Issuance child = issue(assumeRole("e2", T0.plusSeconds(100), ACCOUNT, assumedRole(first.arn(), "ASIAKEY1", T0),
				"arn:aws:iam::111122223333:role/Next", "n", "ASIAKEY2", "x"));
		List<SessionKey> candidates = new ArrayList<>(List.of(repeat.key(), first.key(), child.key()));
		Random random = new Random(42);

		for (int i = 0; i < 10; i++) {
			Collections.shuffle(candidates, random);
			assertThat(this.rules.parent(child, candidates))
				.contains(new SessionRules.Parent(first.id(), LinkMethod.EXACT));
		}
	}

	@Test
	void foldsTheTwoCopiesOfACrossAccountAssumeRoleIntoOneSession() {
		ObjectNode callerCopy = assumeRole("x1", T0, "111122223333", iamUser("111122223333", "alice", "AKIAALICE"),
				"arn:aws:iam::444455556666:role/Remote", "alice", "ASIAX", "May 1, 2024 11:00:00 AM");
		callerCopy.put("sharedEventID", "shared-1");
		ObjectNode ownerCopy = callerCopy.deepCopy();
		ownerCopy.put("recipientAccountId", "444455556666");

		Issuance caller = issue(callerCopy);
		Issuance owner = issue(ownerCopy);

		assertThat(caller.id()).isEqualTo(owner.id());
		assertThat(caller.issuerAccount()).isNotEqualTo(owner.issuerAccount());
	}

	@Test
	void readsExpirationsInTheFormsStsWrites() {
		assertThat(SessionRules.parseExpiration("Jan 3, 2022 8:03:06 PM"))
			.isEqualTo(Instant.parse("2022-01-03T20:03:06Z"));
		assertThat(SessionRules.parseExpiration("Nov 30, 2024, 8:43:17 PM"))
			.isEqualTo(Instant.parse("2024-11-30T20:43:17Z"));
		assertThat(SessionRules.parseExpiration("2024-05-01T11:00:00Z"))
			.isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
		assertThat(SessionRules.parseExpiration("soon")).isNull();
	}

}
