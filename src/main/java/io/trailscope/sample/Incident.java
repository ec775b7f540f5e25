package io.trailscope.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.trailscope.sample.Actor.Kind;
import io.trailscope.sample.Records.Call;
import io.trailscope.sample.TrailGenerator.Settings;
import io.trailscope.sample.World.Account;
import io.trailscope.sample.World.Role;
import io.trailscope.sample.World.User;

import static io.trailscope.sample.Records.object;

/**
 * The scripted intrusion the canned investigations find (described on
 * {@link TrailGenerator}), written ahead into the queue at fixed offsets from the stolen
 * sign-in. Its actors never join the live pool, so nothing else calls with their
 * credentials.
 */
final class Incident {

	static final String ATTACKER_ADDRESS = "185.220.101.47";

	/**
	 * The role the intruder assumes in the other account; the background's refused
	 * assumptions ask for it too.
	 */
	static final String ADMIN_ROLE = "OrganizationAccountAccessRole";

	static final String NEW_USER = "svc-backup-admin";

	private final Settings settings;

	private final Rng rng;

	private final World world;

	private final Calls calls;

	private final Issuers issuers;

	private final TrailFiles files;

	Incident(Settings settings, Rng rng, World world, Calls calls, Issuers issuers, TrailFiles files) {
		this.settings = settings;
		this.rng = rng;
		this.world = world;
		this.calls = calls;
		this.issuers = issuers;
		this.files = files;
	}

	void schedule() {
		Instant login = loginTime();
		List<User> people = this.world.people();
		User victim = people.get(Math.min(3, people.size() - 1));
		Account home = this.world.account(victim.account());
		Account target = this.world.accounts.get(Math.min(1, this.world.accounts.size() - 1));
		String global = this.world.globalRegion;
		String mainRegion = this.world.regions.get(0);
		String browser = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

		// (1) two failed passwords, then a sign-in without MFA from an address seen
		// nowhere else
		for (int i = 2; i >= 1; i--) {
			Call failed = this.issuers.consoleLoginCall(false, null);
			failed.response(object().put("ConsoleLogin", "Failure"));
			failed.errorMessage = "Failed authentication";
			Instant at = login.minusSeconds(60L * i + this.rng.between(0, 20));
			ObjectNode record = failed.toRecord(this.rng, Issuers.signInIdentity(victim), at, ATTACKER_ADDRESS, browser,
					home.id, null);
			this.files.schedule(record, home.id, global, at);
		}
		Call signIn = this.issuers.consoleLoginCall(false, null);
		this.files.schedule(signIn.toRecord(this.rng, Issuers.signInIdentity(victim), login, ATTACKER_ADDRESS, browser,
				home.id, null), home.id, global, login);
		Actor console = new Actor(Kind.IAM_CONSOLE, home, "IAMUser", victim.arn(), "ASIA" + this.rng.upperAlnum(16),
				login, login.plus(Duration.ofHours(12)), login.plus(Duration.ofHours(1)), 100, ATTACKER_ADDRESS,
				browser, mainRegion);
		console.user = victim;
		console.console = true;
		Instant t = login.plusSeconds(25);
		for (String name : new String[] { "GetUser", "ListUsers", "ListRoles", "ListAttachedRolePolicies" }) {
			t = t.plusSeconds(this.rng.between(8, 40));
			call(console, name, mainRegion, t);
		}

		// (2) with the user's own access key, from the same address: into the other
		// account's admin role
		Actor cli = this.issuers.longTermKey(Kind.INCIDENT_USER, victim);
		t = t.plusSeconds(this.rng.between(90, 180));
		call(cli, "GetCallerIdentity", global, t);
		t = t.plusSeconds(this.rng.between(20, 60));
		Role adminRole = target.role(ADMIN_ROLE);
		String sessionName = "maintenance";
		String key = "ASIA" + this.rng.upperAlnum(16);
		Instant issued = t;
		Instant expires = issued.plus(Duration.ofHours(1));
		Call assume = this.calls.sts("AssumeRole", global);
		assume.region = global;
		assume
			.request(object().put("roleArn", adminRole.arn())
				.put("roleSessionName", sessionName)
				.put("durationSeconds", 3600))
			.response(this.issuers.credentials(key, expires, adminRole, sessionName))
			.resource(adminRole.account(), "AWS::IAM::Role", adminRole.arn());
		boolean cross = !home.id.equals(target.id);
		if (cross) {
			assume.sharedEventId = this.rng.uuid();
		}
		String requestId = this.rng.uuid();
		String ua = UserAgents.kali(assume.source, assume.name);
		ObjectNode caller = cli.identity();
		this.files.schedule(assume.toRecord(this.rng, caller, issued, ATTACKER_ADDRESS, ua, home.id, requestId),
				home.id, global, issued);
		if (cross) {
			ObjectNode owner = object().put("type", "AWSAccount")
				.put("principalId", victim.principalId())
				.put("accountId", home.id);
			this.files.schedule(assume.toRecord(this.rng, owner, issued, ATTACKER_ADDRESS, ua, target.id, requestId),
					target.id, global, issued);
		}
		Actor admin = new Actor(Kind.INCIDENT_ADMIN, target, "AssumedRole", adminRole.sessionArn(sessionName), key,
				issued, expires, expires, Integer.MAX_VALUE, ATTACKER_ADDRESS, null, mainRegion);
		admin.role = adminRole;
		admin.sessionName = sessionName;

		// reconnaissance: who am I, what is here, in every region
		t = issued.plusSeconds(this.rng.between(5, 15));
		call(admin, "GetCallerIdentity", global, t);
		for (String name : new String[] { "ListUsers", "ListRoles", "ListPolicies", "GetAccountSummary", "ListBuckets",
				"DescribeTrails", "LookupEvents", "ListFunctions20150331", "ListKeys" }) {
			t = t.plusSeconds(this.rng.between(2, 12));
			call(admin, name, mainRegion, t);
		}
		for (String region : this.world.regions) {
			for (String name : new String[] { "DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs" }) {
				t = t.plusSeconds(this.rng.between(1, 6));
				call(admin, name, region, t);
			}
		}

		// (3) SSH open to the whole internet
		t = t.plusSeconds(this.rng.between(60, 150));
		Call open = this.calls.authorizeIngress(target.id, target.securityGroups.get(0), 22, "0.0.0.0/0");
		open.region = mainRegion;
		scheduleCall(admin, open, t);

		// (4) a new IAM user and an access key for it
		t = t.plusSeconds(this.rng.between(60, 120));
		User backdoor = new User(NEW_USER, target.id, "AIDA" + this.rng.upperAlnum(17),
				"AKIA" + this.rng.upperAlnum(16), ATTACKER_ADDRESS, false, null);
		Call createUser = this.calls.iam("CreateUser").write();
		createUser.region = global;
		createUser.request(object().put("userName", backdoor.name()));
		ObjectNode user = object();
		user.putObject("user")
			.put("path", "/")
			.put("userName", backdoor.name())
			.put("userId", backdoor.principalId())
			.put("arn", backdoor.arn())
			.put("createDate", Records.stsTime(t));
		createUser.response(user);
		scheduleCall(admin, createUser, t);
		t = t.plusSeconds(this.rng.between(10, 30));
		Call createKey = this.calls.iam("CreateAccessKey").write();
		createKey.region = global;
		createKey.request(object().put("userName", backdoor.name()));
		ObjectNode accessKey = object();
		accessKey.putObject("accessKey")
			.put("userName", backdoor.name())
			.put("accessKeyId", backdoor.accessKey())
			.put("status", "Active")
			.put("createDate", Records.stsTime(t));
		createKey.response(accessKey);
		scheduleCall(admin, createKey, t);

		// (5) the new user tries its key before it has any permission: a burst of denials
		Actor intruder = this.issuers.longTermKey(Kind.INCIDENT_USER, backdoor);
		t = t.plusSeconds(this.rng.between(60, 120));
		String[] probes = { "ListBuckets", "DescribeInstances", "ListUsers", "GetObject", "DescribeSecurityGroups",
				"ListRoles", "GetParameter", "Decrypt", "ListFunctions20150331", "DescribeTable", "RunInstances",
				"GetSecretValue" };
		for (int i = 0; i < 36; i++) {
			String name = probes[i % probes.length];
			t = t.plusSeconds(this.rng.between(2, 15));
			Call c = this.calls.call(name, intruder,
					this.world.regions.get(i % 2 == 0 ? 0 : this.world.regions.size() - 1), t);
			String action = c.service() + ":" + c.name.replaceAll("20150331(v2)?$", "");
			String message = "User: " + backdoor.arn() + " is not authorized to perform: " + action
					+ " because no identity-based policy allows the " + action + " action";
			if (c.service().equals("ec2")) {
				c.fail("Client.UnauthorizedOperation", "You are not authorized to perform this operation. " + message);
			}
			else if (c.service().equals("s3")) {
				c.fail("AccessDenied", "Access Denied");
			}
			else {
				c.fail(c.service().equals("kms") || c.service().equals("dynamodb") || c.service().equals("lambda")
						|| c.service().equals("ssm") || c.service().equals("secretsmanager") ? "AccessDeniedException"
								: "AccessDenied",
						message);
			}
			if (i % 3 == 0 && !c.errorCode.equals("AccessDenied")) {
				c.errorCode = c.service().equals("ec2") ? "Client.UnauthorizedOperation" : "AccessDenied";
			}
			scheduleCall(intruder, c, t);
		}

		// the admin session grants the new user administrator access; it works from then
		// on
		t = t.plusSeconds(this.rng.between(30, 90));
		Call attach = this.calls.iam("AttachUserPolicy").write();
		attach.region = global;
		attach.request(object().put("userName", backdoor.name())
			.put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"));
		scheduleCall(admin, attach, t);
		for (String name : new String[] { "GetCallerIdentity", "ListBuckets", "DescribeInstances" }) {
			t = t.plusSeconds(this.rng.between(20, 60));
			call(intruder, name, mainRegion, t);
		}
	}

	/** About two thirds into the window, at night when the window allows it. */
	private Instant loginTime() {
		Instant start = this.settings.start();
		Instant end = this.settings.end();
		Duration span = Duration.between(start, end);
		Instant nominal = start.plus(span.multipliedBy(2).dividedBy(3));
		Instant night = nominal.atZone(ZoneOffset.UTC).toLocalDate().atTime(2, 14, 37).toInstant(ZoneOffset.UTC);
		Instant latest = end.minus(Duration.ofHours(2));
		Instant earliest = start.plus(Duration.ofMinutes(10));
		if (!night.isBefore(earliest) && !night.isAfter(latest)) {
			return night;
		}
		Instant fallback = nominal.isAfter(latest) ? start.plus(span.dividedBy(10)) : nominal;
		return fallback.truncatedTo(ChronoUnit.SECONDS);
	}

	private void call(Actor actor, String name, String region, Instant at) {
		Call c = this.calls.call(name, actor, region, at);
		if (name.equals("GetCallerIdentity") || name.startsWith("List") || name.startsWith("Describe")
				|| name.startsWith("Get")) {
			c.region = c.source.equals("iam.amazonaws.com") ? this.world.globalRegion : region;
		}
		scheduleCall(actor, c, at);
	}

	private void scheduleCall(Actor actor, Call c, Instant at) {
		String address = actor.address;
		String userAgent = actor.userAgent != null ? actor.userAgent : UserAgents.kali(c.source, c.name);
		String requestId = c.source.equals("s3.amazonaws.com") ? this.rng.upperAlnum(16) : this.rng.uuid();
		this.files.schedule(c.toRecord(this.rng, actor.identity(), at, address, userAgent, actor.account.id, requestId),
				actor.account.id, c.region, at);
	}

}
