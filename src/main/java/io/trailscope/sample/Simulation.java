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
				this.longLived.add(longTermKey(Kind.PERSON_CLI, user));
			}
		}
		for (Account account : this.world.accounts) {
			for (User user : account.users) {
				if (!user.human()) {
					this.longLived.add(longTermKey(user.name().startsWith("terraform") ? Kind.CI : Kind.SERVICE_USER, user));
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
		spawn(now);
	}

	// ---------------------------------------------------------------- sessions

	private void spawn(long now) {
		Instant at = Instant.ofEpochMilli(now);
		Account account = this.rng.pick(this.world.accounts);
		int kind = this.rng.weighted(new double[] { 14, 6, 13, 5, 7, 17, 14, 3, 6, 0.25, 1.2 });
		switch (kind) {
			case 0 -> {
				User person = this.rng.pick(this.world.people());
				Role role = this.rng.pick(account.role("Admin"), account.role("ReadOnly"), account.role("DataEngineer"));
				String session = this.rng.chance(0.7) ? person.name() : "botocore-session-" + at.getEpochSecond();
				Actor signer = longTermKey(Kind.PERSON_CLI, person);
				assumeRole(Kind.ROLE_SESSION, signer, role, session, at, Duration.ofHours(1), this.rng.chance(0.5), person);
			}
			case 1 -> {
				User ci = account.users.stream().filter(u -> u.name().equals("terraform-ci")).findFirst().orElseThrow();
				Account target = this.rng.pick(this.world.accounts);
				String session = "aws-go-sdk-" + now + String.format("%06d", this.rng.nextInt(1_000_000));
				assumeRole(Kind.CI, longTermKey(Kind.CI, ci), target.role("DeployRole"), session, at,
						Duration.ofHours(1), false, null);
			}
			case 2, 3 -> identityCenter(account, kind == 2, at);
			case 4 -> consoleSignIn(this.rng.pick(this.world.people()), at);
			case 5 -> {
				World.Instance instance = this.rng.pick(account.instances);
				Actor actor = serviceAssumeRole(Kind.INSTANCE, "ec2.amazonaws.com", instance.role(), instance.id(), at,
						Duration.ofHours(6), instance.region(), this.rng.chance(0.3) ? instance.privateIp()
								: instance.publicIp());
				actor.instance = instance;
			}
			case 6 -> {
				int i = this.rng.nextInt(account.functions.size());
				String region = this.rng.pick(this.world.regions.subList(0, Math.min(2, this.world.regions.size())));
				Actor actor = serviceAssumeRole(Kind.FUNCTION, "lambda.amazonaws.com", account.functionRoles.get(i),
						account.functions.get(i), at, Duration.ofHours(12), region,
						this.rng.pick("3.", "18.", "34.", "52.") + this.rng.between(1, 254) + "." + this.rng.between(1, 254)
								+ "." + this.rng.between(1, 254));
				actor.function = account.functions.get(i);
			}
			case 7 -> github(account, at);
			case 8 -> serviceAssumeRole(Kind.CONFIG, "config.amazonaws.com", account.configRole, "AWSConfig-Describe", at,
					Duration.ofHours(1), this.rng.pick(this.world.regions), "config.amazonaws.com");
			case 9 -> rootSignIn(account, at);
			default -> failedAssumeRole(account, at);
		}
	}

	private Actor longTermKey(Kind kind, User user) {
		Actor actor = new Actor(kind, this.world.account(user.account()), "IAMUser", user.arn(), user.accessKey(), null,
				null, Instant.MAX, Integer.MAX_VALUE, user.address(), null, this.world.regions.get(0));
		actor.user = user;
		return actor;
	}

	/** An AssumeRole by an IAM user or a role session; cross-account calls are written to both accounts. */
	private Actor assumeRole(Kind kind, Actor signer, Role role, String sessionName, Instant at, Duration length,
			boolean mfa, User person) {
		String key = "ASIA" + this.rng.upperAlnum(16);
		Instant expires = at.plus(length);
		String region = this.rng.chance(0.7) ? this.world.globalRegion : signer.region;
		Call c = this.calls.sts("AssumeRole", region);
		c.region = region;
		ObjectNode req = object().put("roleArn", role.arn()).put("roleSessionName", sessionName);
		if (this.rng.chance(0.5)) {
			req.put("durationSeconds", (int) length.toSeconds());
		}
		if (mfa && signer.type.equals("IAMUser")) {
			req.put("serialNumber", "arn:aws:iam::" + signer.user.account() + ":mfa/" + signer.user.name());
		}
		c.request(req).response(credentials(key, expires, role, sessionName));
		c.resource(role.account(), "AWS::IAM::Role", role.arn());
		String caller = signer.type.equals("IAMUser") ? signer.user.account() : signer.role.account();
		boolean cross = !caller.equals(role.account());
		if (cross) {
			c.sharedEventId = this.rng.uuid();
		}
		String userAgent = UserAgents.of(signer, c);
		String requestId = this.rng.uuid();
		ObjectNode identity = signer.identity();
		this.files.emit(c.toRecord(this.rng, identity, at, signer.address, userAgent, caller, requestId), caller, region,
				at);
		if (cross) {
			ObjectNode owner = object().put("type", "AWSAccount")
				.put("principalId", identity.path("principalId").asString())
				.put("accountId", caller);
			this.files.emit(c.toRecord(this.rng, owner, at, signer.address, userAgent, role.account(), requestId),
					role.account(), region, at);
		}
		Instant activeUntil = at.plus(Duration.ofMinutes(this.rng.between(5, (int) Math.max(6, length.toMinutes()))));
		Actor session = new Actor(kind, this.world.account(role.account()), "AssumedRole",
				role.sessionArn(sessionName), key, at, expires, activeUntil, this.rng.between(5, 70), signer.address,
				null, signer.region);
		session.role = role;
		session.sessionName = sessionName;
		session.mfa = mfa;
		session.user = person;
		this.live.add(session);
		return session;
	}

	private ObjectNode credentials(String key, Instant expires, Role role, String sessionName) {
		ObjectNode resp = object();
		resp.putObject("credentials")
			.put("accessKeyId", key)
			.put("sessionToken", "IQoJb3JpZ2luX2VjE" + this.rng.alnum(180))
			.put("expiration", Records.stsTime(expires));
		resp.putObject("assumedRoleUser")
			.put("assumedRoleId", role.roleId() + ":" + sessionName)
			.put("arn", role.sessionArn(sessionName));
		return resp;
	}

	/** An AWS service assuming its role: an instance profile, a function's execution role, AWS Config. */
	private Actor serviceAssumeRole(Kind kind, String service, Role role, String sessionName, Instant at,
			Duration length, String region, String address) {
		String key = "ASIA" + this.rng.upperAlnum(16);
		Instant expires = at.plus(length);
		Call c = this.calls.sts("AssumeRole", region);
		c.region = region;
		c.request(object().put("roleArn", role.arn()).put("roleSessionName", sessionName))
			.response(credentials(key, expires, role, sessionName))
			.resource(role.account(), "AWS::IAM::Role", role.arn());
		c.sharedEventId = this.rng.uuid();
		ObjectNode identity = object().put("type", "AWSService").put("invokedBy", service);
		this.files.emit(c.toRecord(this.rng, identity, at, service, service, role.account(), this.rng.uuid()),
				role.account(), region, at);
		Instant activeUntil = at.plus(Duration.ofMinutes(this.rng.between(10, (int) length.toMinutes())));
		Actor session = new Actor(kind, this.world.account(role.account()), "AssumedRole",
				role.sessionArn(sessionName), key, at, expires, activeUntil, this.rng.between(15, 90), address, null,
				region);
		session.role = role;
		session.sessionName = sessionName;
		this.live.add(session);
		return session;
	}

	private void identityCenter(Account account, boolean console, Instant at) {
		User person = this.rng.pick(this.world.people());
		double pick = this.rng.nextDouble();
		Role role = account.ssoRoles.get(pick < 0.5 ? 0 : pick < 0.85 ? 1 : 2);
		String region = this.world.regions.get(0);
		String key = "ASIA" + this.rng.upperAlnum(16);
		Duration length = Duration.ofHours(this.rng.chance(0.5) ? 8 : 12);
		Instant expires = at.plus(length);
		String qualifier = this.rng.alnum(27) + "=";
		Call c = this.calls.sts("AssumeRoleWithSAML", region);
		c.region = region;
		c.request(object().put("sAMLAssertionID", "_" + this.rng.uuid())
			.put("roleSessionName", person.email())
			.put("durationSeconds", (int) length.toSeconds())
			.put("roleArn", role.arn())
			.put("principalArn", account.samlProvider));
		ObjectNode resp = credentials(key, expires, role, person.email());
		resp.put("subjectType", "persistent")
			.put("issuer", "https://portal.sso." + region + ".amazonaws.com/saml/assertion/" + this.rng.alnum(48))
			.put("nameQualifier", qualifier)
			.put("subject", person.email())
			.put("audience", "https://signin.aws.amazon.com/saml");
		c.response(resp);
		c.resource(account.id, "AWS::IAM::Role", role.arn());
		c.resource(account.id, "AWS::IAM::SAMLProvider", account.samlProvider);
		ObjectNode identity = object().put("type", "SAMLUser")
			.put("principalId", qualifier + ":" + person.email())
			.put("userName", person.email())
			.put("identityProvider", qualifier);
		this.files.emit(
				c.toRecord(this.rng, identity, at, person.address(), UserAgents.SAML, account.id, this.rng.uuid()),
				account.id, region, at);
		Actor session = new Actor(console ? Kind.SSO_CONSOLE : Kind.SSO_CLI, account, "AssumedRole",
				role.sessionArn(person.email()), key, at, expires,
				at.plus(Duration.ofMinutes(this.rng.between(10, 240))), this.rng.between(10, 90), person.address(),
				null, region);
		session.role = role;
		session.sessionName = person.email();
		session.user = person;
		if (console) {
			// the federated sign-in that opens the console with the assertion's credentials
			session.console = true;
			Call login = consoleLoginCall(false, null);
			Instant loginAt = at.plusSeconds(1);
			ObjectNode signedIn = session.identity();
			signedIn.put("accessKeyId", "");
			this.files.schedule(login.toRecord(this.rng, signedIn, loginAt, person.address(),
					this.rng.pick(UserAgents.BROWSERS), account.id, null), account.id, this.world.globalRegion, loginAt);
			session.accessKey = "ASIA" + this.rng.upperAlnum(16);
		}
		this.live.add(session);
	}

	private Call consoleLoginCall(boolean mfa, String mfaDevice) {
		Call c = new Call("signin.amazonaws.com", "ConsoleLogin");
		c.eventType = "AwsConsoleSignIn";
		c.readOnly = false;
		c.region = this.world.globalRegion;
		c.host = this.world.globalRegion + ".signin.aws.amazon.com";
		c.response(object().put("ConsoleLogin", "Success"));
		c.additional = object()
			.put("LoginTo", "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_"
					+ this.world.globalRegion + "_" + this.rng.hex(16))
			.put("MobileVersion", "No")
			.put("MFAUsed", mfa ? "Yes" : "No");
		if (mfaDevice != null) {
			c.additional.put("MFAIdentifier", mfaDevice);
		}
		return c;
	}

	private static ObjectNode signInIdentity(User user) {
		return object().put("type", "IAMUser")
			.put("principalId", user.principalId())
			.put("arn", user.arn())
			.put("accountId", user.account())
			.put("accessKeyId", "")
			.put("userName", user.name());
	}

	private Actor consoleSignIn(User person, Instant signIn) {
		Account account = this.world.account(person.account());
		Instant at = signIn;
		if (this.rng.chance(0.06)) {
			// a mistyped password first
			Call failed = consoleLoginCall(false, null);
			failed.response(object().put("ConsoleLogin", "Failure"));
			failed.errorMessage = "Failed authentication";
			this.files.emit(failed.toRecord(this.rng, signInIdentity(person), at, person.address(),
					UserAgents.browser(person), account.id, null), account.id, this.world.globalRegion, at);
			at = at.plusSeconds(this.rng.between(8, 40));
		}
		Call login = consoleLoginCall(true, "arn:aws:iam::" + account.id + ":mfa/" + person.name());
		this.files.schedule(login.toRecord(this.rng, signInIdentity(person), at, person.address(),
				UserAgents.browser(person), account.id, null), account.id, this.world.globalRegion, at);
		Actor session = new Actor(Kind.IAM_CONSOLE, account, "IAMUser", person.arn(), "ASIA" + this.rng.upperAlnum(16),
				at, at.plus(Duration.ofHours(12)), at.plus(Duration.ofMinutes(this.rng.between(10, 180))),
				this.rng.between(10, 80), person.address(), null, this.world.regions.get(0));
		session.user = person;
		session.console = true;
		session.mfa = true;
		this.live.add(session);
		return session;
	}

	private void switchRole(Actor from, Instant at) {
		Account target = this.rng.pick(this.world.accounts);
		Role role = this.rng.chance(0.6) ? target.role("Admin") : target.role("ReadOnly");
		String sessionName = from.user.name();
		Actor session = new Actor(Kind.SWITCHED, target, "AssumedRole", role.sessionArn(sessionName),
				"ASIA" + this.rng.upperAlnum(16), at, at.plus(Duration.ofHours(1)),
				at.plus(Duration.ofMinutes(this.rng.between(5, 60))), this.rng.between(5, 40), from.address, null,
				from.region);
		session.role = role;
		session.sessionName = sessionName;
		session.user = from.user;
		session.console = true;
		session.mfa = true;
		Call c = new Call("signin.amazonaws.com", "SwitchRole");
		c.eventType = "AwsConsoleSignIn";
		c.readOnly = false;
		c.region = this.world.globalRegion;
		c.host = "signin.aws.amazon.com";
		c.response(object().put("SwitchRole", "Success"));
		c.additional = object().put("SwitchFrom", from.arn)
			.put("RedirectTo", "https://" + this.world.globalRegion + ".console.aws.amazon.com/console/home");
		ObjectNode identity = session.identity();
		identity.put("accessKeyId", "");
		this.files.emit(
				c.toRecord(this.rng, identity, at, from.address, UserAgents.browser(from.user), target.id, null),
				target.id, this.world.globalRegion, at);
		this.live.add(session);
	}

	private void github(Account account, Instant at) {
		Role role = account.githubRole;
		String provider = "arn:aws:iam::" + account.id + ":oidc-provider/token.actions.githubusercontent.com";
		String subject = "repo:" + World.COMPANY + "/" + this.rng.pick("web", "api", "infra") + ":ref:refs/heads/main";
		String region = this.world.regions.get(0);
		String key = "ASIA" + this.rng.upperAlnum(16);
		Instant expires = at.plus(Duration.ofHours(1));
		String address = this.rng.pick("20.", "4.", "52.") + this.rng.between(1, 254) + "." + this.rng.between(1, 254)
				+ "." + this.rng.between(1, 254);
		Call c = this.calls.sts("AssumeRoleWithWebIdentity", region);
		c.region = region;
		c.request(object().put("roleArn", role.arn()).put("roleSessionName", "GitHubActions")
			.put("durationSeconds", 3600));
		ObjectNode resp = credentials(key, expires, role, "GitHubActions");
		resp.put("subjectFromWebIdentityToken", subject)
			.put("provider", provider)
			.put("audience", "sts.amazonaws.com");
		c.response(resp).resource(account.id, "AWS::IAM::Role", role.arn());
		ObjectNode identity = object().put("type", "WebIdentityUser")
			.put("principalId", "token.actions.githubusercontent.com:sts.amazonaws.com:" + subject)
			.put("userName", subject)
			.put("identityProvider", "token.actions.githubusercontent.com");
		this.files.emit(c.toRecord(this.rng, identity, at, address, UserAgents.GITHUB_CREDENTIALS, account.id,
				this.rng.uuid()), account.id, region, at);
		Actor session = new Actor(Kind.GITHUB, account, "AssumedRole", role.sessionArn("GitHubActions"), key, at,
				expires, at.plus(Duration.ofMinutes(this.rng.between(2, 20))), this.rng.between(4, 25), address, null,
				region);
		session.role = role;
		session.sessionName = "GitHubActions";
		session.webIdProvider = provider;
		this.live.add(session);
	}

	private void rootSignIn(Account account, Instant at) {
		String address = this.rng.pick(this.world.officeAddresses);
		Call login = consoleLoginCall(true, "arn:aws:iam::" + account.id + ":mfa/root-account-mfa-device");
		ObjectNode identity = object().put("type", "Root")
			.put("principalId", account.id)
			.put("arn", account.arn())
			.put("accountId", account.id)
			.put("accessKeyId", "");
		String browser = UserAgents.BROWSERS[0];
		this.files.emit(login.toRecord(this.rng, identity, at, address, browser, account.id, null), account.id,
				this.world.globalRegion, at);
		Actor session = new Actor(Kind.ROOT_CONSOLE, account, "Root", account.arn(), "ASIA" + this.rng.upperAlnum(16), at,
				at.plus(Duration.ofHours(1)), at.plus(Duration.ofMinutes(20)), this.rng.between(3, 8), address, browser,
				this.world.globalRegion);
		session.console = true;
		session.mfa = true;
		this.live.add(session);
	}

	/** A role someone may not assume: refused, so it issues nothing. */
	private void failedAssumeRole(Account account, Instant at) {
		User person = this.rng.pick(this.world.people());
		Role role = account.role(INCIDENT_ROLE);
		String region = this.world.globalRegion;
		Call c = this.calls.sts("AssumeRole", region);
		c.region = region;
		c.request(object().put("roleArn", role.arn()).put("roleSessionName", person.name()));
		c.fail("AccessDenied", "User: " + person.arn() + " is not authorized to perform: sts:AssumeRole on resource: "
				+ role.arn());
		Actor signer = longTermKey(Kind.PERSON_CLI, person);
		this.files.emit(c.toRecord(this.rng, signer.identity(), at, person.address(), UserAgents.of(signer, c),
				person.account(), this.rng.uuid()), person.account(), region, at);
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

	// ---------------------------------------------------------------- calls

	private void call(Actor actor, long now) {
		Instant at = Instant.ofEpochMilli(now);
		if (!actor.chained && actor.created != null && this.rng.chance(0.04)) {
			if (actor.kind == Kind.IAM_CONSOLE) {
				actor.chained = true;
				switchRole(actor, at);
				return;
			}
			if (actor.kind == Kind.ROLE_SESSION || actor.kind == Kind.SSO_CLI || actor.kind == Kind.CI) {
				actor.chained = true;
				Account target = this.rng.pick(this.world.accounts);
				Role role = this.rng.chance(0.5) ? target.role("DeployRole") : target.role("DataEngineer");
				String session = actor.user != null ? actor.user.name() : "chained-" + at.getEpochSecond();
				assumeRole(Kind.CHAINED_SESSION, actor, role, session, at, Duration.ofHours(1), false, actor.user);
				return;
			}
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

			// (1) two failed passwords, then a sign-in without MFA from an address seen nowhere else
			for (int i = 2; i >= 1; i--) {
				Call failed = consoleLoginCall(false, null);
				failed.response(object().put("ConsoleLogin", "Failure"));
				failed.errorMessage = "Failed authentication";
				Instant at = login.minusSeconds(60L * i + rng.between(0, 20));
				ObjectNode record = failed.toRecord(rng, signInIdentity(victim), at, ATTACKER_ADDRESS, browser, home.id, null);
				Simulation.this.files.schedule(record, home.id, global, at);
			}
			Simulation.this.files.schedule(consoleLoginCall(false, null).toRecord(rng, signInIdentity(victim), login,
					ATTACKER_ADDRESS, browser, home.id, null), home.id, global, login);
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
			Actor cli = longTermKey(Kind.INCIDENT_USER, victim);
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
				.response(credentials(key, expires, adminRole, sessionName))
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
			Actor intruder = longTermKey(Kind.INCIDENT_USER, backdoor);
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
