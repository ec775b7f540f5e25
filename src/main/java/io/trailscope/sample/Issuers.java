package io.trailscope.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.trailscope.sample.Actor.Kind;
import io.trailscope.sample.Records.Call;
import io.trailscope.sample.World.Account;
import io.trailscope.sample.World.Role;
import io.trailscope.sample.World.User;

import static io.trailscope.sample.Records.object;

/**
 * Where sessions come from: roles assumed from the CLI, by CI and by GitHub Actions,
 * instance profiles, functions and AWS Config, Identity Center and console sign-ins,
 * switched roles and root. Each writes the record that issues its session and adds the
 * session to the live pool the run draws callers from; the session's calls then carry the
 * key, ARN and creation time that record holds, which is how the sessions module links
 * them.
 */
final class Issuers {

	private final Rng rng;

	private final World world;

	private final Calls calls;

	private final TrailFiles files;

	/** The sessions the run draws callers from. */
	private final List<Actor> live;

	Issuers(Rng rng, World world, Calls calls, TrailFiles files, List<Actor> live) {
		this.rng = rng;
		this.world = world;
		this.calls = calls;
		this.files = files;
		this.live = live;
	}

	/**
	 * A new session, of a kind drawn by how often the organisation starts one; a few
	 * requests are refused.
	 */
	void issue(long now) {
		Instant at = Instant.ofEpochMilli(now);
		Account account = this.rng.pick(this.world.accounts);
		int kind = this.rng.weighted(new double[] { 14, 6, 13, 5, 7, 17, 14, 3, 6, 0.25, 1.2 });
		switch (kind) {
			case 0 -> {
				User person = this.rng.pick(this.world.people());
				Role role = this.rng.pick(account.role("Admin"), account.role("ReadOnly"),
						account.role("DataEngineer"));
				String session = this.rng.chance(0.7) ? person.name() : "botocore-session-" + at.getEpochSecond();
				Actor signer = longTermKey(Kind.PERSON_CLI, person);
				assumeRole(Kind.ROLE_SESSION, signer, role, session, at, Duration.ofHours(1), this.rng.chance(0.5),
						person);
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
						Duration.ofHours(6), instance.region(),
						this.rng.chance(0.3) ? instance.privateIp() : instance.publicIp());
				actor.instance = instance;
			}
			case 6 -> {
				int i = this.rng.nextInt(account.functions.size());
				String region = this.rng.pick(this.world.regions.subList(0, Math.min(2, this.world.regions.size())));
				Actor actor = serviceAssumeRole(Kind.FUNCTION, "lambda.amazonaws.com", account.functionRoles.get(i),
						account.functions.get(i), at, Duration.ofHours(12), region,
						this.rng.pick("3.", "18.", "34.", "52.") + this.rng.between(1, 254) + "."
								+ this.rng.between(1, 254) + "." + this.rng.between(1, 254));
				actor.function = account.functions.get(i);
			}
			case 7 -> github(account, at);
			case 8 -> serviceAssumeRole(Kind.CONFIG, "config.amazonaws.com", account.configRole, "AWSConfig-Describe",
					at, Duration.ofHours(1), this.rng.pick(this.world.regions), "config.amazonaws.com");
			case 9 -> rootSignIn(account, at);
			default -> failedAssumeRole(account, at);
		}
	}

	/**
	 * A console user switching roles, or a CLI or CI session assuming a further role;
	 * false for the kinds that never chain, which call instead.
	 */
	boolean chain(Actor from, Instant at) {
		if (from.kind == Kind.IAM_CONSOLE) {
			from.chained = true;
			switchRole(from, at);
			return true;
		}
		if (from.kind == Kind.ROLE_SESSION || from.kind == Kind.SSO_CLI || from.kind == Kind.CI) {
			from.chained = true;
			Account target = this.rng.pick(this.world.accounts);
			Role role = this.rng.chance(0.5) ? target.role("DeployRole") : target.role("DataEngineer");
			String session = from.user != null ? from.user.name() : "chained-" + at.getEpochSecond();
			assumeRole(Kind.CHAINED_SESSION, from, role, session, at, Duration.ofHours(1), false, from.user);
			return true;
		}
		return false;
	}

	/**
	 * An IAM user calling with its access key: nothing is issued, and nothing expires.
	 */
	Actor longTermKey(Kind kind, User user) {
		Actor actor = new Actor(kind, this.world.account(user.account()), "IAMUser", user.arn(), user.accessKey(), null,
				null, Instant.MAX, Integer.MAX_VALUE, user.address(), null, this.world.regions.get(0));
		actor.user = user;
		return actor;
	}

	/**
	 * An AssumeRole by an IAM user or a role session; cross-account calls are written to
	 * both accounts.
	 */
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
		this.files.emit(c.toRecord(this.rng, identity, at, signer.address, userAgent, caller, requestId), caller,
				region, at);
		if (cross) {
			ObjectNode owner = object().put("type", "AWSAccount")
				.put("principalId", identity.path("principalId").asString())
				.put("accountId", caller);
			this.files.emit(c.toRecord(this.rng, owner, at, signer.address, userAgent, role.account(), requestId),
					role.account(), region, at);
		}
		Instant activeUntil = at.plus(Duration.ofMinutes(this.rng.between(5, (int) Math.max(6, length.toMinutes()))));
		Actor session = new Actor(kind, this.world.account(role.account()), "AssumedRole", role.sessionArn(sessionName),
				key, at, expires, activeUntil, this.rng.between(5, 70), signer.address, null, signer.region);
		session.role = role;
		session.sessionName = sessionName;
		session.mfa = mfa;
		session.user = person;
		this.live.add(session);
		return session;
	}

	/**
	 * What STS answers when it issues a session; the incident's AssumeRole answers the
	 * same.
	 */
	ObjectNode credentials(String key, Instant expires, Role role, String sessionName) {
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

	/**
	 * An AWS service assuming its role: an instance profile, a function's execution role,
	 * AWS Config.
	 */
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
		Actor session = new Actor(kind, this.world.account(role.account()), "AssumedRole", role.sessionArn(sessionName),
				key, at, expires, activeUntil, this.rng.between(15, 90), address, null, region);
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
			// the federated sign-in that opens the console with the assertion's
			// credentials
			session.console = true;
			Call login = consoleLoginCall(false, null);
			Instant loginAt = at.plusSeconds(1);
			ObjectNode signedIn = session.identity();
			signedIn.put("accessKeyId", "");
			this.files
				.schedule(
						login.toRecord(this.rng, signedIn, loginAt, person.address(),
								this.rng.pick(UserAgents.BROWSERS), account.id, null),
						account.id, this.world.globalRegion, loginAt);
			session.accessKey = "ASIA" + this.rng.upperAlnum(16);
		}
		this.live.add(session);
	}

	/**
	 * A successful console sign-in, or a failed one once the caller sets its error; the
	 * incident's too.
	 */
	Call consoleLoginCall(boolean mfa, String mfaDevice) {
		Call c = new Call("signin.amazonaws.com", "ConsoleLogin");
		c.eventType = "AwsConsoleSignIn";
		c.readOnly = false;
		c.region = this.world.globalRegion;
		c.host = this.world.globalRegion + ".signin.aws.amazon.com";
		c.response(object().put("ConsoleLogin", "Success"));
		c.additional = object()
			.put("LoginTo",
					"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_"
							+ this.world.globalRegion + "_" + this.rng.hex(16))
			.put("MobileVersion", "No")
			.put("MFAUsed", mfa ? "Yes" : "No");
		if (mfaDevice != null) {
			c.additional.put("MFAIdentifier", mfaDevice);
		}
		return c;
	}

	/**
	 * An IAM user signing in to the console holds no access key yet, so the record names
	 * none.
	 */
	static ObjectNode signInIdentity(User user) {
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
		c.request(object().put("roleArn", role.arn())
			.put("roleSessionName", "GitHubActions")
			.put("durationSeconds", 3600));
		ObjectNode resp = credentials(key, expires, role, "GitHubActions");
		resp.put("subjectFromWebIdentityToken", subject).put("provider", provider).put("audience", "sts.amazonaws.com");
		c.response(resp).resource(account.id, "AWS::IAM::Role", role.arn());
		ObjectNode identity = object().put("type", "WebIdentityUser")
			.put("principalId", "token.actions.githubusercontent.com:sts.amazonaws.com:" + subject)
			.put("userName", subject)
			.put("identityProvider", "token.actions.githubusercontent.com");
		this.files.emit(
				c.toRecord(this.rng, identity, at, address, UserAgents.GITHUB_CREDENTIALS, account.id, this.rng.uuid()),
				account.id, region, at);
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
		Actor session = new Actor(Kind.ROOT_CONSOLE, account, "Root", account.arn(), "ASIA" + this.rng.upperAlnum(16),
				at, at.plus(Duration.ofHours(1)), at.plus(Duration.ofMinutes(20)), this.rng.between(3, 8), address,
				browser, this.world.globalRegion);
		session.console = true;
		session.mfa = true;
		this.live.add(session);
	}

	/** A role someone may not assume: refused, so it issues nothing. */
	private void failedAssumeRole(Account account, Instant at) {
		User person = this.rng.pick(this.world.people());
		Role role = account.role(Incident.ADMIN_ROLE);
		String region = this.world.globalRegion;
		Call c = this.calls.sts("AssumeRole", region);
		c.region = region;
		c.request(object().put("roleArn", role.arn()).put("roleSessionName", person.name()));
		c.fail("AccessDenied",
				"User: " + person.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + role.arn());
		Actor signer = longTermKey(Kind.PERSON_CLI, person);
		this.files.emit(c.toRecord(this.rng, signer.identity(), at, person.address(), UserAgents.of(signer, c),
				person.account(), this.rng.uuid()), person.account(), region, at);
	}

}
