package io.trailscope.sessions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import tools.jackson.databind.node.ObjectNode;

import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.local.LocalImport;

import static io.trailscope.sessions.Trails.JSON;
import static io.trailscope.sessions.Trails.assumeRole;
import static io.trailscope.sessions.Trails.assumedRole;
import static io.trailscope.sessions.Trails.call;
import static io.trailscope.sessions.Trails.iamUser;
import static org.assertj.core.api.Assertions.assertThat;

/** One investigation's worth of records, with its own key, ids and accounts. */
final class Scenario {

	static final Instant T0 = Instant.parse("2023-03-01T09:00:00Z");

	final LocalImport imports;

	final SessionStore store;

	final SessionList list;

	final SessionCalls calls;

	final SessionRules rules;

	final String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36).toUpperCase();

	// the caller's account sorts first, as in the snapshot after renaming
	final String callerAccount = account(100_000_000_000L);

	final String roleAccount = account(500_000_000_000L);

	Scenario(LocalImport imports, SessionStore store, SessionList list, SessionCalls calls, SessionRules rules) {
		this.imports = imports;
		this.store = store;
		this.list = list;
		this.calls = calls;
		this.rules = rules;
	}

	void loadIssuers() {
		load(name("issuers"), issuers());
	}

	void loadUsage() {
		load(name("usage"), usage());
	}

	private void load(String name, String jsonl) {
		byte[] bytes = jsonl.getBytes(StandardCharsets.UTF_8);
		IngestResult result = this.imports.importBytes("test", name, bytes);
		assertThat(result.failed()).as(String.valueOf(result.error())).isFalse();
	}

	String name(String part) {
		return this.tag + "-" + part + ".jsonl";
	}

	String issuers() {
		String adminRole = "arn:aws:iam::" + this.roleAccount + ":role/Admin-" + this.tag;
		String adminArn = SessionRules.assumedRoleArn(adminRole, "alice");
		String key = "ASIA" + this.tag;
		List<ObjectNode> records = new ArrayList<>();
		ObjectNode issue = assumeRole(this.tag + "-issue-1", T0, this.callerAccount,
				iamUser(this.callerAccount, "alice", "AKIA" + this.tag), adminRole, "alice", key + "1",
				"Mar 1, 2023 10:00:00 AM");
		issue.put("sharedEventID", this.tag + "-shared");
		records.add(issue);
		ObjectNode chained = assumeRole(this.tag + "-issue-2", T0.plusSeconds(60), this.roleAccount,
				assumedRole(adminArn, key + "1", T0), "arn:aws:iam::" + this.roleAccount + ":role/Deploy-" + this.tag,
				"hop", key + "2", "Mar 1, 2023 10:00:00 AM");
		((ObjectNode) chained.get("requestParameters")).put("sourceIdentity", "alice@example.com");
		records.add(chained);
		// the same temporary key, issued again three days later
		records.add(assumeRole(this.tag + "-issue-3", T0.plus(Duration.ofDays(3)), this.callerAccount,
				iamUser(this.callerAccount, "alice", "AKIA" + this.tag), adminRole, "alice", key + "1",
				"Mar 4, 2023 10:00:00 AM"));
		ObjectNode login = call(this.tag + "-login", T0, this.callerAccount,
				iamUser(this.callerAccount, "bob", "AKIAB" + this.tag), "ConsoleLogin");
		login.set("responseElements", JSON.readTree("{\"ConsoleLogin\":\"Success\"}"));
		records.add(login);
		return jsonl(records);
	}

	String usage() {
		String adminArn = SessionRules.assumedRoleArn("arn:aws:iam::" + this.roleAccount + ":role/Admin-" + this.tag,
				"alice");
		String deployArn = SessionRules.assumedRoleArn("arn:aws:iam::" + this.roleAccount + ":role/Deploy-" + this.tag,
				"hop");
		String key = "ASIA" + this.tag;
		List<ObjectNode> records = new ArrayList<>();
		// the role owner's copy of the cross-account AssumeRole
		ObjectNode ownerCopy = assumeRole(this.tag + "-issue-1", T0, this.roleAccount,
				(ObjectNode) JSON.readTree("{\"type\":\"AWSAccount\",\"principalId\":\"AIDAALICE\",\"accountId\":\""
						+ this.callerAccount + "\"}"),
				"arn:aws:iam::" + this.roleAccount + ":role/Admin-" + this.tag, "alice", key + "1",
				"Mar 1, 2023 10:00:00 AM");
		ownerCopy.put("sharedEventID", this.tag + "-shared");
		records.add(ownerCopy);
		records.add(call(this.tag + "-call-a1", T0.plusSeconds(5), this.roleAccount,
				assumedRole(adminArn, key + "1", T0), "DescribeInstances"));
		ObjectNode skewed = call(this.tag + "-call-a2", T0.plusSeconds(6), this.roleAccount,
				assumedRole(adminArn, key + "1", T0.plusSeconds(2)), "DescribeVpcs");
		skewed.put("awsRegion", "us-east-1");
		records.add(skewed);
		ObjectNode denied = call(this.tag + "-call-a3", T0.plusSeconds(30), this.roleAccount,
				assumedRole(adminArn, key + "1", T0), "TerminateInstances");
		denied.put("errorCode", "AccessDenied");
		records.add(denied);
		records.add(call(this.tag + "-call-d1", T0.plusSeconds(70), this.roleAccount,
				assumedRole(deployArn, key + "2", T0.plusSeconds(60)), "CreateStack"));
		records.add(call(this.tag + "-call-d2", T0.plusSeconds(80), this.roleAccount,
				assumedRole(deployArn, key + "2", T0.plusSeconds(60)), "DescribeStacks"));
		// after the first session expired: belongs to the reissued key's session only
		records.add(call(this.tag + "-call-l1", T0.plus(Duration.ofDays(3)).plusSeconds(10), this.roleAccount,
				assumedRole(adminArn, key + "1", T0.plus(Duration.ofDays(3))), "ListBuckets"));
		for (int i = 1; i <= 3; i++) {
			ObjectNode consoleCall = call(this.tag + "-call-c" + i, T0.plusSeconds(100L * i), this.callerAccount,
					iamUser(this.callerAccount, "bob", "ASIAC" + i + this.tag), "DescribeInstances");
			((ObjectNode) consoleCall.get("userIdentity")).set("sessionContext",
					JSON.readTree("{\"attributes\":{\"creationDate\":\"" + T0 + "\"}}"));
			records.add(consoleCall);
		}
		return jsonl(records);
	}

	/** The session of the Admin role assumed at {@link #T0}: the middle of the chain. */
	Session admin() {
		return sessions().stream()
			.filter(s -> s.roleArn() != null && s.roleArn().contains("Admin") && s.created().equals(T0))
			.findFirst()
			.orElseThrow();
	}

	List<Session> sessions() {
		List<Session> mine = new ArrayList<>();
		mine.addAll(this.list.list(SessionFilter.all(this.tag, null), Instant.now(), 100));
		mine.addAll(this.list.list(SessionFilter.all(null, this.callerAccount), Instant.now(), 100)
			.stream()
			.filter(Session::console)
			.toList());
		return mine;
	}

	/**
	 * Everything a page shows of this scenario's sessions, with its own names replaced.
	 */
	String snapshot() {
		return sessions().stream()
			.map(session -> describe(session, this.store, this.calls, this.rules))
			.map(line -> line.replace(this.tag, "TAG")
				.replace(this.callerAccount, "CALLER")
				.replace(this.roleAccount, "OWNER"))
			.sorted()
			.collect(Collectors.joining("\n"));
	}

	/** One session and its timeline as a line of text, for comparing two loads. */
	static String describe(Session s, SessionStore store, SessionCalls calls, SessionRules rules) {
		String parent = s.parentId() == null ? "-" : store.find(s.parentId()).map(Session::issuerEventId).orElse("?");
		String timeline = calls.page(s, CallFilter.NONE, rules, 5000)
			.stream()
			.map(c -> c.eventId() + "/" + c.recipientAccountId() + "/" + c.link())
			.collect(Collectors.joining(","));
		return String.join(" | ", s.issuerEventName(), s.issuerEventId(), s.arn(), String.valueOf(s.issuedKey()),
				s.created().toString(), s.expires().toString(), String.valueOf(s.issuerAccounts()), parent,
				String.valueOf(s.parentLink()), s.rootKind(), s.rootPrincipal(),
				String.valueOf(s.chainSourceIdentity()), s.callCount() + "/" + s.errorCount(),
				String.valueOf(s.regions()), String.valueOf(s.accounts()), timeline);
	}

	private String jsonl(List<ObjectNode> records) {
		return records.stream().map(ObjectNode::toString).collect(Collectors.joining("\n")) + "\n";
	}

	private static String account(long from) {
		return String.format("%012d", ThreadLocalRandom.current().nextLong(from, from + 399_999_999_999L));
	}

}
