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
import io.trailscope.sample.World.User;

import static io.trailscope.sample.Records.object;

/**
 * One run of the generator. Event times are a Poisson stream whose rate follows office
 * hours and is steered so that the requested count ends at the end of the window. At each
 * event either AWS works on its own, a long-lived principal calls, a live session calls,
 * or {@link Issuers} issue a new session. The records go to {@link TrailFiles}, which
 * also holds the follow-ups written ahead of the stream (a console sign-in after its SAML
 * assertion, the {@link Incident}), so memory stays bounded by the number of live
 * sessions and open files.
 */
final class Simulation {

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
			new Incident(this.settings, this.rng, this.world, this.calls, this.issuers, this.files).schedule();
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

	/**
	 * How busy the organisation is at a time: office hours on weekdays, a floor of
	 * machines always.
	 */
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
		// long-term keys are few and busy; at the sessions' rate they would outnumber any
		// burst of denials
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

	/**
	 * AWS working on its own: CloudTrail checking its bucket, KMS rotating a key,
	 * internal decrypts.
	 */
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

}
