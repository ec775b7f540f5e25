package io.trailscope.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.trailscope.sample.Actor.Kind;
import io.trailscope.sample.Records.Call;
import io.trailscope.sample.TrailGenerator.FileSink;
import io.trailscope.sample.TrailGenerator.Settings;
import io.trailscope.sample.World.Account;
import io.trailscope.sample.World.Role;
import io.trailscope.sample.World.User;

import static io.trailscope.sample.Records.object;

/**
 * One run of the generator. Event times are a Poisson stream whose rate follows office hours and
 * is steered so that the requested count ends at the end of the window. At each event either a
 * long-lived principal calls, a new session is issued, or a live session calls. The records go to
 * {@link TrailFiles}, which also holds the follow-ups written ahead of the stream (a console
 * sign-in after its SAML assertion, the scripted incident), so memory stays bounded by the number
 * of live sessions and open files.
 */
final class Simulation {

	static final String ATTACKER_ADDRESS = "185.220.101.47";

	static final String INCIDENT_ROLE = "OrganizationAccountAccessRole";

	static final String INCIDENT_NEW_USER = "svc-backup-admin";

	private static final double ERROR_RATE = 0.03;

	private final Settings settings;

	private final long target;

	private final Rng rng;

	private final World world;

	private final Calls calls;

	private final TrailFiles files;

	private final Issuers issuers;

	private final List<Actor> live = new ArrayList<>();

	private final List<Actor> longLived = new ArrayList<>();

	private final long startMillis;

	private final long endMillis;

	private final double[] slotWeights;

	private final double[] weightAfter;

	private final long slotMillis;

	Simulation(Settings settings, long target, FileSink sink) {
		this.settings = settings;
		this.target = target;
		this.rng = new Rng(settings.seed());
		this.world = new World(this.rng, settings.accounts(), settings.regions());
		this.calls = new Calls(this.rng, this.world);
		this.files = new TrailFiles(settings, target, this.rng, sink);
		this.issuers = new Issuers(this.rng, this.world, this.calls, this.files, this.live);
		this.startMillis = settings.start().toEpochMilli();
		this.endMillis = settings.end().toEpochMilli();
		long span = this.endMillis - this.startMillis;
		this.slotMillis = Math.max(Duration.ofMinutes(10).toMillis(), span / 20_000 + 1);
		int slots = (int) ((span + this.slotMillis - 1) / this.slotMillis);
		this.slotWeights = new double[slots];
		this.weightAfter = new double[slots + 1];
		for (int i = 0; i < slots; i++) {
			this.slotWeights[i] = activity(this.startMillis + i * this.slotMillis + this.slotMillis / 2);
		}
		for (int i = slots - 1; i >= 0; i--) {
			long length = Math.min(this.slotMillis, span - i * this.slotMillis);
			this.weightAfter[i] = this.weightAfter[i + 1] + this.slotWeights[i] * length;
		}
		for (User user : this.world.people()) {
			if (user.name().hashCode() % 3 == 0) {
				this.longLived.add(this.issuers.longTermKey(Kind.PERSON_CLI, user));
			}
		}
		for (Account account : this.world.accounts) {
			for (User user : account.users) {
				if (!user.human()) {
					Kind kind = user.name().startsWith("terraform") ? Kind.CI : Kind.SERVICE_USER;
					this.longLived.add(this.issuers.longTermKey(kind, user));
				}
			}
		}
	}

	void run() {
		if (this.settings.incident()) {
			new Incident().schedule();
		}
		long now = this.startMillis;
		while (true) {
			long remaining = this.target - this.files.records();
			if (remaining <= 0) {
				break;
			}
			double rate = remaining / Math.max(1.0, remainingWeight(now)) * activity(now);
			now += Math.max(1L, Math.round(this.rng.exponential(1.0 / rate)));
			if (now >= this.endMillis) {
				break;
			}
			this.files.emitDue(now);
			step(now);
		}
		this.files.finish();
	}

	/** How busy the organisation is at a time: office hours on weekdays, a floor of machines always. */
	private static double activity(long millis) {
		ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
		double hour = t.getHour() + t.getMinute() / 60.0;
		boolean weekend = t.getDayOfWeek().getValue() >= 6;
		double x = (hour - 13.0) / 3.5;
		double office = StrictMath.exp(-x * x);
		return 0.45 + (weekend ? 0.15 : 1.4) * office;
	}

	private double remainingWeight(long now) {
		int slot = (int) ((now - this.startMillis) / this.slotMillis);
		if (slot >= this.slotWeights.length) {
			return 0;
		}
		long slotEnd = Math.min(this.endMillis, this.startMillis + (slot + 1) * this.slotMillis);
		return this.weightAfter[slot + 1] + this.slotWeights[slot] * (slotEnd - now);
	}

	private void step(long now) {
		double r = this.rng.nextDouble();
		if (r < 0.012) {
			serviceEvent(now);
			return;
		}
		if (r < 0.3) {
			call(this.rng.pick(this.longLived), now);
			return;
		}
		for (int attempt = 0; attempt < 4 && !this.live.isEmpty(); attempt++) {
			int index = this.rng.nextInt(this.live.size());
			Actor actor = this.live.get(index);
			Instant at = Instant.ofEpochMilli(now);
			if (actor.created != null && at.isBefore(actor.created)) {
				// signs in a few seconds from now
				continue;
			}
			if (!actor.activeAt(at)) {
				Actor last = this.live.remove(this.live.size() - 1);
				if (index < this.live.size()) {
					this.live.set(index, last);
				}
				continue;
			}
			if (!this.rng.chance(1.0 / 30)) {
				call(actor, now);
				return;
			}
			break;
		}
		this.issuers.issue(now);
	}

	// ---------------------------------------------------------------- calls

	private void call(Actor actor, long now) {
		Instant at = Instant.ofEpochMilli(now);
		if (!actor.chained && actor.created != null && this.rng.chance(0.04) && this.issuers.chain(actor, at)) {
			return;
		}
		String name = switch (actor.kind) {
			case INSTANCE -> Calls.INSTANCE[this.rng.weighted(Calls.INSTANCE_WEIGHTS)];
			case FUNCTION -> Calls.FUNCTION[this.rng.weighted(Calls.FUNCTION_WEIGHTS)];
			case CONFIG -> Calls.CONFIG[this.rng.weighted(Calls.CONFIG_WEIGHTS)];
			case CI, CHAINED_SESSION -> Calls.DEPLOY[this.rng.weighted(Calls.DEPLOY_WEIGHTS)];
			case GITHUB -> this.rng.pick(Calls.GITHUB);
			case ROOT_CONSOLE -> this.rng.pick(Calls.ROOT);
			case SERVICE_USER -> Calls.REPORTING[this.rng.weighted(Calls.REPORTING_WEIGHTS)];
			default -> Calls.PERSON[this.rng.weighted(Calls.PERSON_WEIGHTS)];
		};
		String region = this.rng.chance(0.8) ? actor.region : this.rng.pick(this.world.regions);
		Call c = this.calls.call(name, actor, region, at);
		// long-term keys are few and busy; at the sessions' rate they would outnumber any burst of denials
		this.calls.maybeFail(c, actor, actor.created == null ? ERROR_RATE / 3 : ERROR_RATE);
		emitCall(c, actor, at);
		actor.budget--;
		if (actor.console && this.rng.chance(0.08)) {
			actor.accessKey = "ASIA" + this.rng.upperAlnum(16);
		}
	}

	private void emitCall(Call c, Actor actor, Instant at) {
		String address = actor.address;
		String userAgent = UserAgents.of(actor, c);
		if (actor.console && this.rng.chance(0.15)) {
			address = "AWS Internal";
			userAgent = "AWS Internal";
		}
		if ((actor.kind == Kind.INSTANCE && address.startsWith("10.")) || actor.kind == Kind.SERVICE_USER) {
			c.vpcEndpoint = actor.account.vpcEndpoint;
			c.vpcEndpointAccount = actor.account.id;
		}
		String requestId = c.source.equals("s3.amazonaws.com") ? this.rng.upperAlnum(16) : this.rng.uuid();
		this.files.emit(c.toRecord(this.rng, actor.identity(), at, address, userAgent, actor.account.id, requestId),
				actor.account.id, c.region, at);
	}

	/** AWS working on its own: CloudTrail checking its bucket, KMS rotating a key, internal decrypts. */
	private void serviceEvent(long now) {
		Instant at = Instant.ofEpochMilli(now);
		Account account = this.rng.pick(this.world.accounts);
		String region = this.rng.pick(this.world.regions);
		double pick = this.rng.nextDouble();
		if (pick < 0.5) {
			String bucket = account.buckets.get(0);
			Call c = new Call("s3.amazonaws.com", "GetBucketAcl");
			c.region = region;
			c.request(object().put("bucketName", bucket).put("Host", bucket + ".s3.amazonaws.com").put("acl", ""))
				.resource(account.id, "AWS::S3::Bucket", "arn:aws:s3:::" + bucket);
			c.additional = object().put("SignatureVersion", "SigV4")
				.put("CipherSuite", "TLS_AES_128_GCM_SHA256")
				.put("bytesTransferredIn", 0)
				.put("AuthenticationMethod", "AuthHeader")
				.put("bytesTransferredOut", this.rng.between(500, 700));
			ObjectNode identity = object().put("type", "AWSService").put("invokedBy", "cloudtrail.amazonaws.com");
			this.files.emit(c.toRecord(this.rng, identity, at, "cloudtrail.amazonaws.com", "cloudtrail.amazonaws.com",
					account.id, this.rng.upperAlnum(16)), account.id, region, at);
		}
		else if (pick < 0.9) {
			String key = "arn:aws:kms:" + region + ":" + account.id + ":key/" + this.rng.pick(account.kmsKeys);
			Call c = new Call("kms.amazonaws.com", "Decrypt");
			c.region = region;
			c.request(object().put("encryptionAlgorithm", "SYMMETRIC_DEFAULT"))
				.resource(account.id, "AWS::KMS::Key", key);
			ObjectNode identity = object().put("type", "AWSService").put("invokedBy", "AWS Internal");
			this.files.emit(
					c.toRecord(this.rng, identity, at, "AWS Internal", "AWS Internal", account.id, this.rng.uuid()),
					account.id, region, at);
		}
		else {
			String key = "arn:aws:kms:" + region + ":" + account.id + ":key/" + this.rng.pick(account.kmsKeys);
			Call c = new Call("kms.amazonaws.com", "RotateKey").write();
			c.region = region;
			c.eventType = "AwsServiceEvent";
			c.resource(account.id, "AWS::KMS::Key", key);
			c.serviceEventDetails = object().put("keyOrigin", "AWS_KMS").put("keyRotationMode", "AUTOMATIC");
			ObjectNode identity = object().put("accountId", account.id).put("invokedBy", "kms.amazonaws.com");
			this.files.emit(
					c.toRecord(this.rng, identity, at, "kms.amazonaws.com", "kms.amazonaws.com", account.id, null),
					account.id, region, at);
		}
	}

	// ---------------------------------------------------------------- the incident

	/**
	 * The intrusion, written ahead into the queue at fixed offsets from the stolen sign-in. Its
	 * actors never join the live pool, so nothing else calls with their credentials.
	 */
	private final class Incident {

		void schedule() {
			Instant login = loginTime();
			List<User> people = Simulation.this.world.people();
			User victim = people.get(Math.min(3, people.size() - 1));
			Account home = Simulation.this.world.account(victim.account());
			Account target = Simulation.this.world.accounts.get(Math.min(1, Simulation.this.world.accounts.size() - 1));
			String global = Simulation.this.world.globalRegion;
			String mainRegion = Simulation.this.world.regions.get(0);
			String browser = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
			Rng rng = Simulation.this.rng;
			Issuers issuers = Simulation.this.issuers;

			// (1) two failed passwords, then a sign-in without MFA from an address seen nowhere else
			for (int i = 2; i >= 1; i--) {
				Call failed = issuers.consoleLoginCall(false, null);
				failed.response(object().put("ConsoleLogin", "Failure"));
				failed.errorMessage = "Failed authentication";
				Instant at = login.minusSeconds(60L * i + rng.between(0, 20));
				ObjectNode record = failed.toRecord(rng, Issuers.signInIdentity(victim), at, ATTACKER_ADDRESS, browser,
						home.id, null);
				Simulation.this.files.schedule(record, home.id, global, at);
			}
			Simulation.this.files.schedule(issuers.consoleLoginCall(false, null).toRecord(rng,
					Issuers.signInIdentity(victim), login, ATTACKER_ADDRESS, browser, home.id, null), home.id, global,
					login);
			Actor console = new Actor(Kind.IAM_CONSOLE, home, "IAMUser", victim.arn(), "ASIA" + rng.upperAlnum(16),
					login, login.plus(Duration.ofHours(12)), login.plus(Duration.ofHours(1)), 100, ATTACKER_ADDRESS,
					browser, mainRegion);
			console.user = victim;
			console.console = true;
			Instant t = login.plusSeconds(25);
			for (String name : new String[] { "GetUser", "ListUsers", "ListRoles", "ListAttachedRolePolicies" }) {
				t = t.plusSeconds(rng.between(8, 40));
				call(console, name, mainRegion, t);
			}

			// (2) with the user's own access key, from the same address: into the other account's admin role
			Actor cli = issuers.longTermKey(Kind.INCIDENT_USER, victim);
			t = t.plusSeconds(rng.between(90, 180));
			call(cli, "GetCallerIdentity", global, t);
			t = t.plusSeconds(rng.between(20, 60));
			Role adminRole = target.role(INCIDENT_ROLE);
			String sessionName = "maintenance";
			String key = "ASIA" + rng.upperAlnum(16);
			Instant issued = t;
			Instant expires = issued.plus(Duration.ofHours(1));
			Call assume = Simulation.this.calls.sts("AssumeRole", global);
			assume.region = global;
			assume.request(object().put("roleArn", adminRole.arn()).put("roleSessionName", sessionName)
				.put("durationSeconds", 3600))
				.response(issuers.credentials(key, expires, adminRole, sessionName))
				.resource(adminRole.account(), "AWS::IAM::Role", adminRole.arn());
			boolean cross = !home.id.equals(target.id);
			if (cross) {
				assume.sharedEventId = rng.uuid();
			}
			String requestId = rng.uuid();
			String ua = UserAgents.kali(assume.source, assume.name);
			ObjectNode caller = cli.identity();
			Simulation.this.files.schedule(
					assume.toRecord(rng, caller, issued, ATTACKER_ADDRESS, ua, home.id, requestId), home.id, global,
					issued);
			if (cross) {
				ObjectNode owner = object().put("type", "AWSAccount")
					.put("principalId", victim.principalId())
					.put("accountId", home.id);
				Simulation.this.files.schedule(
						assume.toRecord(rng, owner, issued, ATTACKER_ADDRESS, ua, target.id, requestId), target.id,
						global, issued);
			}
			Actor admin = new Actor(Kind.INCIDENT_ADMIN, target, "AssumedRole", adminRole.sessionArn(sessionName), key,
					issued, expires, expires, Integer.MAX_VALUE, ATTACKER_ADDRESS, null, mainRegion);
			admin.role = adminRole;
			admin.sessionName = sessionName;

			// reconnaissance: who am I, what is here, in every region
			t = issued.plusSeconds(rng.between(5, 15));
			call(admin, "GetCallerIdentity", global, t);
			for (String name : new String[] { "ListUsers", "ListRoles", "ListPolicies", "GetAccountSummary",
					"ListBuckets", "DescribeTrails", "LookupEvents", "ListFunctions20150331", "ListKeys" }) {
				t = t.plusSeconds(rng.between(2, 12));
				call(admin, name, mainRegion, t);
			}
			for (String region : Simulation.this.world.regions) {
				for (String name : new String[] { "DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs" }) {
					t = t.plusSeconds(rng.between(1, 6));
					call(admin, name, region, t);
				}
			}

			// (3) SSH open to the whole internet
			t = t.plusSeconds(rng.between(60, 150));
			Call open = Simulation.this.calls.authorizeIngress(target.id, target.securityGroups.get(0), 22, "0.0.0.0/0");
			open.region = mainRegion;
			scheduleCall(admin, open, t);

			// (4) a new IAM user and an access key for it
			t = t.plusSeconds(rng.between(60, 120));
			User backdoor = new User(INCIDENT_NEW_USER, target.id, "AIDA" + rng.upperAlnum(17), "AKIA" + rng.upperAlnum(16),
					ATTACKER_ADDRESS, false, null);
			Call createUser = Simulation.this.calls.iam("CreateUser").write();
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
			t = t.plusSeconds(rng.between(10, 30));
			Call createKey = Simulation.this.calls.iam("CreateAccessKey").write();
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
			Actor intruder = issuers.longTermKey(Kind.INCIDENT_USER, backdoor);
			t = t.plusSeconds(rng.between(60, 120));
			String[] probes = { "ListBuckets", "DescribeInstances", "ListUsers", "GetObject", "DescribeSecurityGroups",
					"ListRoles", "GetParameter", "Decrypt", "ListFunctions20150331", "DescribeTable", "RunInstances",
					"GetSecretValue" };
			for (int i = 0; i < 36; i++) {
				String name = probes[i % probes.length];
				t = t.plusSeconds(rng.between(2, 15));
				Call c = Simulation.this.calls.call(name, intruder, Simulation.this.world.regions.get(i % 2 == 0 ? 0
						: Simulation.this.world.regions.size() - 1), t);
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
									: "AccessDenied", message);
				}
				if (i % 3 == 0 && !c.errorCode.equals("AccessDenied")) {
					c.errorCode = c.service().equals("ec2") ? "Client.UnauthorizedOperation" : "AccessDenied";
				}
				scheduleCall(intruder, c, t);
			}

			// the admin session grants the new user administrator access; it works from then on
			t = t.plusSeconds(rng.between(30, 90));
			Call attach = Simulation.this.calls.iam("AttachUserPolicy").write();
			attach.region = global;
			attach.request(object().put("userName", backdoor.name())
				.put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"));
			scheduleCall(admin, attach, t);
			for (String name : new String[] { "GetCallerIdentity", "ListBuckets", "DescribeInstances" }) {
				t = t.plusSeconds(rng.between(20, 60));
				call(intruder, name, mainRegion, t);
			}
		}

		/** About two thirds into the window, at night when the window allows it. */
		private Instant loginTime() {
			Instant start = Simulation.this.settings.start();
			Instant end = Simulation.this.settings.end();
			Duration span = Duration.between(start, end);
			Instant nominal = start.plus(span.multipliedBy(2).dividedBy(3));
			Instant night = nominal.atZone(ZoneOffset.UTC).toLocalDate().atTime(2, 14, 37).toInstant(ZoneOffset.UTC);
			Instant latest = end.minus(Duration.ofHours(2));
			Instant earliest = start.plus(Duration.ofMinutes(10));
			if (!night.isBefore(earliest) && !night.isAfter(latest)) {
				return night;
			}
			Instant fallback = nominal.isAfter(latest) ? start.plus(span.dividedBy(10)) : nominal;
			return fallback.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		}

		private void call(Actor actor, String name, String region, Instant at) {
			Call c = Simulation.this.calls.call(name, actor, region, at);
			if (name.equals("GetCallerIdentity") || name.startsWith("List") || name.startsWith("Describe")
					|| name.startsWith("Get")) {
				c.region = c.source.equals("iam.amazonaws.com") ? Simulation.this.world.globalRegion : region;
			}
			scheduleCall(actor, c, at);
		}

		private void scheduleCall(Actor actor, Call c, Instant at) {
			String address = actor.address;
			String userAgent = actor.userAgent != null ? actor.userAgent : UserAgents.kali(c.source, c.name);
			String requestId = c.source.equals("s3.amazonaws.com") ? Simulation.this.rng.upperAlnum(16)
					: Simulation.this.rng.uuid();
			Simulation.this.files.schedule(c.toRecord(Simulation.this.rng, actor.identity(), at, address, userAgent,
					actor.account.id, requestId), actor.account.id, c.region, at);
		}
	}
}
