package io.trailscope.sample;

import java.time.Instant;
import java.util.Locale;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.sample.Records.Call;
import io.trailscope.sample.World.Account;

import static io.trailscope.sample.Records.items;
import static io.trailscope.sample.Records.object;

/**
 * The API calls of the trail with the request parameters and response elements their
 * services write, and the errors they fail with.
 */
final class Calls {

	/** What people and their tools do, most often first. */
	static final String[] PERSON = { "DescribeInstances", "GetCallerIdentity", "ListBuckets", "DescribeSecurityGroups",
			"GetObject", "DescribeVpcs", "ListRoles", "GetRole", "ListAttachedRolePolicies", "DescribeSubnets",
			"GetBucketLocation", "ListFunctions20150331", "GetFunction20150331v2", "DescribeTable", "ListTables",
			"LookupEvents", "DescribeTrails", "GetParameter", "DescribeParameters", "ListKeys", "DescribeKey",
			"ListUsers", "GetUser", "DescribeLogGroups", "Decrypt", "PutObject", "CreateTags", "StopInstances",
			"StartInstances", "RunInstances", "AuthorizeSecurityGroupIngress", "AttachRolePolicy", "Invoke",
			"GetBucketPolicy", "ListPolicies", "DescribeRegions" };

	static final double[] PERSON_WEIGHTS = { 14, 9, 6, 6, 1.5, 4, 4, 4, 3, 3, 3, 3, 2, 3, 2, 2, 2, 3, 1, 1, 1, 2, 2, 2,
			2, 1.5, 1, 0.6, 0.6, 0.5, 0.3, 0.2, 1, 1, 1, 2 };

	static final String[] DEPLOY = { "GetObject", "PutObject", "DescribeStacks", "GetFunction20150331v2",
			"UpdateFunctionCode20150331v2", "GetRole", "DescribeInstances", "GetCallerIdentity",
			"DescribeSecurityGroups", "GetAuthorizationToken", "DescribeTable", "GetParameter",
			"ListAttachedRolePolicies", "RunInstances", "CreateTags", "AttachRolePolicy" };

	static final double[] DEPLOY_WEIGHTS = { 4, 3, 6, 4, 2, 4, 5, 4, 3, 3, 3, 3, 2, 0.5, 1, 0.3 };

	static final String[] INSTANCE = { "GetObject", "PutObject", "UpdateInstanceInformation", "GetParameters",
			"Decrypt", "CreateLogStream", "PutLogEvents", "DescribeTags", "GetCallerIdentity", "DescribeInstances",
			"GenerateDataKey" };

	static final double[] INSTANCE_WEIGHTS = { 2, 1, 6, 3, 2, 2, 1, 3, 2, 2, 1 };

	static final String[] FUNCTION = { "GetItem", "PutItem", "Query", "Decrypt", "GenerateDataKey", "CreateLogStream",
			"PutLogEvents", "GetObject", "PutObject", "GetParameter", "Invoke", "GetSecretValue" };

	static final double[] FUNCTION_WEIGHTS = { 2, 1, 1, 3, 1, 3, 1, 1, 1, 3, 1, 2 };

	static final String[] CONFIG = { "DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs", "DescribeSubnets",
			"GetBucketAcl", "GetBucketPolicy", "GetRole", "ListAttachedRolePolicies", "DescribeTable", "DescribeKey" };

	static final double[] CONFIG_WEIGHTS = { 4, 4, 2, 2, 3, 2, 2, 2, 1, 1 };

	static final String[] ROOT = { "GetAccountSummary", "ListBuckets", "ListUsers", "GetCallerIdentity",
			"DescribeRegions" };

	static final String[] REPORTING = { "GetObject", "Query", "DescribeTable", "GetItem", "ListBuckets", "Decrypt" };

	static final double[] REPORTING_WEIGHTS = { 2, 2, 2, 2, 2, 2 };

	static final String[] GITHUB = { "GetCallerIdentity", "PutObject", "GetAuthorizationToken",
			"UpdateFunctionCode20150331v2", "DescribeStacks", "GetObject" };

	private final Rng rng;

	private final World world;

	Calls(Rng rng, World world) {
		this.rng = rng;
		this.world = world;
	}

	/** The call {@code name} as {@code actor} makes it in {@code region}. */
	Call call(String name, Actor actor, String region, Instant time) {
		Account a = actor.account;
		String account = a.id;
		Call c = switch (name) {
			case "DescribeInstances" -> {
				ObjectNode req = object();
				if (this.rng.chance(0.4)) {
					req.set("instancesSet", items(object().put("instanceId", this.rng.pick(a.instances).id())));
				}
				else {
					req.putObject("instancesSet");
				}
				req.putObject("filterSet");
				yield ec2(name).request(req);
			}
			case "DescribeSecurityGroups" -> ec2(name).request(object().<ObjectNode>set("securityGroupSet", object())
				.<ObjectNode>set("securityGroupIdSet", object())
				.set("filterSet", object()));
			case "DescribeVpcs" ->
				ec2(name).request(object().<ObjectNode>set("vpcSet", object()).set("filterSet", object()));
			case "DescribeSubnets" ->
				ec2(name).request(object().<ObjectNode>set("subnetSet", object()).set("filterSet", object()));
			case "DescribeRegions" -> ec2(name).request(object().set("regionSet", object()));
			case "DescribeTags" -> ec2(name).request(object().set("filterSet",
					items(object().put("name", "resource-id")
						.set("valueSet", items(object().put("value",
								actor.instance != null ? actor.instance.id() : this.rng.pick(a.instances).id()))))));
			case "CreateTags" -> ec2(name).write()
				.request(object()
					.<ObjectNode>set("resourcesSet", items(object().put("resourceId", this.rng.pick(a.instances).id())))
					.set("tagSet", items(object().put("key", "Owner").put("value", actor.principalName()))))
				.response(object().put("requestId", this.rng.uuid()).put("_return", true));
			case "StopInstances", "StartInstances" -> {
				String id = this.rng.pick(a.instances).id();
				boolean stop = name.startsWith("Stop");
				ObjectNode req = object().set("instancesSet", items(object().put("instanceId", id)));
				if (stop) {
					req.put("force", false);
				}
				ObjectNode item = object().put("instanceId", id);
				item.putObject("currentState").put("code", stop ? 64 : 0).put("name", stop ? "stopping" : "pending");
				item.putObject("previousState").put("code", stop ? 16 : 80).put("name", stop ? "running" : "stopped");
				yield ec2(name).write()
					.request(req)
					.response(object().put("requestId", this.rng.uuid()).set("instancesSet", items(item)));
			}
			case "RunInstances" -> runInstances(a, time);
			case "AuthorizeSecurityGroupIngress" -> authorizeIngress(account, this.rng.pick(a.securityGroups),
					this.rng.chance(0.5) ? 443 : 5432, this.rng.chance(0.6) ? "10.0.0.0/16"
							: this.rng.pick(this.world.officeAddresses.subList(0, 2)) + "/32");
			case "ListBuckets" -> s3(name, null).request(object().put("Host", "s3.amazonaws.com"));
			case "GetBucketLocation", "GetBucketPolicy", "GetBucketAcl" -> {
				String bucket = this.rng.pick(a.buckets);
				String sub = name.substring(9).toLowerCase(Locale.ROOT);
				yield s3(name, bucket)
					.request(object().put("bucketName", bucket)
						.put("Host", bucket + ".s3." + region + ".amazonaws.com")
						.put(sub, ""))
					.resource(account, "AWS::S3::Bucket", "arn:aws:s3:::" + bucket);
			}
			case "GetObject", "PutObject" -> s3Object(name, a, actor, region, time);
			case "ListRoles", "ListUsers", "ListPolicies" -> iam(name).request(
					name.equals("ListPolicies") ? object().put("scope", "Local").put("onlyAttached", false) : null);
			case "GetRole", "ListAttachedRolePolicies" ->
				iam(name).request(object().put("roleName", this.rng.pick(a.roles).name()));
			case "GetUser" -> iam(name).request(actor.user != null && actor.role == null ? null
					: object().put("userName", this.rng.pick(this.world.accounts.get(0).users).name()));
			case "GetAccountSummary" -> iam(name);
			case "AttachRolePolicy" -> iam(name).write()
				.request(object().put("roleName", this.rng.pick(a.functionRoles).name())
					.put("policyArn", "arn:aws:iam::aws:policy/" + this.rng.pick("AmazonS3ReadOnlyAccess",
							"CloudWatchLogsFullAccess", "AmazonDynamoDBReadOnlyAccess")));
			case "GetCallerIdentity" -> sts(name, region);
			case "Decrypt" -> {
				String key = keyArn(a, region);
				ObjectNode req = object().put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
				if (actor.function != null) {
					req.putObject("encryptionContext")
						.put("aws:lambda:FunctionArn", functionArn(account, region, actor.function));
				}
				else {
					req.put("keyId", key);
				}
				yield new Call("kms.amazonaws.com", name).request(req).resource(account, "AWS::KMS::Key", key);
			}
			case "GenerateDataKey" -> {
				String key = keyArn(a, region);
				yield new Call("kms.amazonaws.com", name).request(object().put("keyId", key).put("keySpec", "AES_256"))
					.resource(account, "AWS::KMS::Key", key);
			}
			case "ListKeys" -> new Call("kms.amazonaws.com", name).request(object().put("limit", 1000));
			case "DescribeKey" -> new Call("kms.amazonaws.com", name).request(object().put("keyId", keyArn(a, region)));
			case "ListFunctions20150331" -> new Call("lambda.amazonaws.com", name);
			case "GetFunction20150331v2" -> new Call("lambda.amazonaws.com", name)
				.request(object().put("functionName", this.rng.pick(a.functions)));
			case "UpdateFunctionCode20150331v2" -> {
				String fn = this.rng.pick(a.functions);
				yield new Call("lambda.amazonaws.com", name).write()
					.request(object().put("functionName", fn).put("publish", true).put("dryRun", false))
					.response(object().put("functionName", fn)
						.put("functionArn", functionArn(account, region, fn))
						.put("runtime", "python3.12")
						.put("handler", "app.handler")
						.put("codeSize", this.rng.between(20_000, 9_000_000))
						.put("lastModified", Records.time(time).replace("Z", ".000+0000"))
						.put("codeSha256", this.rng.alnum(43) + "=")
						.put("version", String.valueOf(this.rng.between(2, 90)))
						.put("state", "Active")
						.put("lastUpdateStatus", "InProgress"));
			}
			case "Invoke" -> {
				String fn = this.rng.pick(a.functions);
				String arn = functionArn(account, region, fn);
				Call call = new Call("lambda.amazonaws.com", name).write()
					.data()
					.request(object().put("functionName", arn))
					.resource(account, "AWS::Lambda::Function", arn);
				call.additional = object().put("functionVersion", arn + ":$LATEST");
				yield call;
			}
			case "CreateLogStream", "PutLogEvents" -> {
				String group = actor.function != null ? "/aws/lambda/" + actor.function
						: "/ec2/" + a.env + "/application";
				String stream = actor.function != null
						? Records.time(time).substring(0, 10).replace('-', '/') + "/[$LATEST]" + this.rng.hex(32)
						: (actor.instance != null ? actor.instance.id() : "app");
				Call call = new Call("logs.amazonaws.com", name)
					.request(object().put("logGroupName", group).put("logStreamName", stream))
					.write();
				if (name.equals("PutLogEvents")) {
					call.data();
				}
				yield call;
			}
			case "DescribeLogGroups" -> new Call("logs.amazonaws.com", name).request(object().put("limit", 50));
			case "LookupEvents" -> {
				ObjectNode req = object().put("maxResults", 50);
				ArrayNode attributes = req.putArray("lookupAttributes");
				attributes.add(object().put("attributeKey", "EventName")
					.put("attributeValue",
							this.rng.pick("ConsoleLogin", "RunInstances", "CreateUser", "DeleteBucket")));
				yield new Call("cloudtrail.amazonaws.com", name).request(req);
			}
			case "DescribeTrails" -> new Call("cloudtrail.amazonaws.com", name)
				.request(object().<ObjectNode>set("trailNameList", Records.array()).put("includeShadowTrails", true));
			case "DescribeTable" -> dynamo(name, a, region).management(true);
			case "ListTables" -> new Call("dynamodb.amazonaws.com", name);
			case "GetItem", "PutItem", "Query" -> dynamo(name, a, region).management(false);
			case "GetParameter" ->
				new Call("ssm.amazonaws.com", name)
					.request(
							object()
								.put("name",
										"/" + a.env + "/" + this.rng.pick("db/password", "api/key", "app/config",
												"feature-flags"))
								.put("withDecryption", true));
			case "GetParameters" -> {
				ObjectNode req = object();
				req.putArray("names").add("/" + a.env + "/app/config").add("/" + a.env + "/db/host");
				req.put("withDecryption", true);
				yield new Call("ssm.amazonaws.com", name).request(req);
			}
			case "DescribeParameters" -> new Call("ssm.amazonaws.com", name).request(object().put("maxResults", 50));
			case "UpdateInstanceInformation" -> {
				String id = actor.instance != null ? actor.instance.id() : this.rng.pick(a.instances).id();
				String ip = actor.instance != null ? actor.instance.privateIp() : "10.0.0.10";
				yield new Call("ssm.amazonaws.com", name).write()
					.request(object().put("instanceId", id)
						.put("agentVersion", "3.3.380.0")
						.put("agentStatus", "Active")
						.put("platformType", "Linux")
						.put("platformName", "Amazon Linux")
						.put("platformVersion", "2023")
						.put("iPAddress", ip)
						.put("computerName", "ip-" + ip.replace('.', '-') + "." + region + ".compute.internal")
						.put("agentName", "amazon-ssm-agent")
						.put("availabilityZone", region + "a")
						.put("availabilityZoneId", zoneIdPrefix(region) + "-az1"));
			}
			case "GetSecretValue" -> {
				String arn = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + a.env + "/"
						+ (actor.function != null ? actor.function : "app") + "-" + this.rng.alnum(6);
				yield new Call("secretsmanager.amazonaws.com", name).request(object().put("secretId", arn))
					.resource(account, "AWS::SecretsManager::Secret", arn);
			}
			case "GetAuthorizationToken" -> new Call("ecr.amazonaws.com", name).resource(account,
					"AWS::ECR::Repository", "arn:aws:ecr:" + region + ":" + account + ":repository/*");
			case "DescribeStacks" -> new Call("cloudformation.amazonaws.com", name)
				.request(object().put("stackName", a.env + "-" + this.rng.pick("network", "app", "data", "iam")));
			default -> throw new IllegalArgumentException("no such call: " + name);
		};
		if (c.region == null) {
			c.region = c.source.equals("iam.amazonaws.com") ? this.world.globalRegion : region;
		}
		return c;
	}

	Call ec2(String name) {
		return new Call("ec2.amazonaws.com", name);
	}

	Call iam(String name) {
		Call c = new Call("iam.amazonaws.com", name);
		c.host = "iam.amazonaws.com";
		return c;
	}

	Call sts(String name, String region) {
		Call c = new Call("sts.amazonaws.com", name);
		c.host = this.rng.chance(0.3) ? "sts.amazonaws.com" : "sts." + region + ".amazonaws.com";
		return c;
	}

	private Call s3(String name, String bucket) {
		Call c = new Call("s3.amazonaws.com", name);
		c.host = bucket == null ? "s3.amazonaws.com" : bucket + ".s3.amazonaws.com";
		c.additional = s3Details(0, 0);
		return c;
	}

	private ObjectNode s3Details(long in, long out) {
		ObjectNode d = object().put("SignatureVersion", "SigV4")
			.put("CipherSuite", "TLS_AES_128_GCM_SHA256")
			.put("bytesTransferredIn", in)
			.put("AuthenticationMethod", "AuthHeader")
			.put("x-amz-id-2", this.rng.alnum(60) + "=")
			.put("bytesTransferredOut", out);
		return d;
	}

	private Call s3Object(String name, Account a, Actor actor, String region, Instant time) {
		String bucket = actor.kind == Actor.Kind.GITHUB || actor.kind == Actor.Kind.CI ? a.buckets.get(1)
				: this.rng.pick(a.buckets);
		String date = Records.time(time).substring(0, 10);
		String key = switch (bucket.substring(0, bucket.lastIndexOf('-')).substring(bucket.indexOf('-', 10) + 1)) {
			case "logs" -> "AWSLogs/" + a.id + "/elasticloadbalancing/" + region + "/" + date.replace('-', '/') + "/"
					+ this.rng.hex(12) + ".log.gz";
			case "artifacts" -> "builds/" + this.rng.pick("api", "web", "worker") + "/" + this.rng.hex(7) + ".zip";
			case "backups" -> "postgres/" + date + "/base-" + this.rng.hex(8) + ".tar.zst";
			case "static-site" -> this.rng.pick("index.html", "assets/app.js", "assets/app.css", "img/logo.svg");
			default -> "events/dt=" + date + "/part-" + this.rng.between(0, 199) + "-" + this.rng.uuid() + ".parquet";
		};
		boolean put = name.equals("PutObject");
		long size = this.rng.between(300, 4_000_000);
		Call c = new Call("s3.amazonaws.com", name).data()
			.request(object().put("bucketName", bucket)
				.put("Host", bucket + ".s3." + region + ".amazonaws.com")
				.put("key", key))
			.resource(null, "AWS::S3::Object", "arn:aws:s3:::" + bucket + "/" + key)
			.resource(a.id, "AWS::S3::Bucket", "arn:aws:s3:::" + bucket);
		if (put) {
			c.write();
			c.response(object().put("x-amz-server-side-encryption", "AES256"));
		}
		c.host = bucket + ".s3." + region + ".amazonaws.com";
		c.additional = s3Details(put ? size : 0, put ? 0 : size);
		return c;
	}

	private Call dynamo(String name, Account a, String region) {
		String table = this.rng.pick(a.tables);
		ObjectNode req = object().put("tableName", table);
		if (!name.equals("DescribeTable")) {
			if (name.equals("Query")) {
				req.put("keyConditionExpression", "#pk = :pk").put("limit", 100).put("scanIndexForward", false);
			}
			else {
				req.putObject("key").put("id", "HIDDEN_DUE_TO_SECURITY_REASONS");
			}
			if (name.equals("PutItem")) {
				req.putObject("item")
					.put("id", "HIDDEN_DUE_TO_SECURITY_REASONS")
					.put("status", "HIDDEN_DUE_TO_SECURITY_REASONS");
			}
			else {
				req.put("consistentRead", false);
			}
		}
		Call c = new Call("dynamodb.amazonaws.com", name).request(req)
			.resource(a.id, "AWS::DynamoDB::Table", "arn:aws:dynamodb:" + region + ":" + a.id + ":table/" + table);
		if (name.equals("PutItem")) {
			c.write();
		}
		return c;
	}

	private Call runInstances(Account a, Instant time) {
		World.Instance model = this.rng.pick(a.instances);
		String image = "ami-0" + this.rng.hex(16);
		String type = this.rng.pick("t3.medium", "m6i.large", "c6g.xlarge", "t3.micro");
		String subnet = this.rng.pick(a.subnets);
		String group = this.rng.pick(a.securityGroups);
		ObjectNode req = object();
		req.set("instancesSet", items(object().put("imageId", image).put("minCount", 1).put("maxCount", 1)));
		req.put("instanceType", type);
		req.putObject("blockDeviceMapping");
		req.putObject("monitoring").put("enabled", false);
		req.put("disableApiTermination", false);
		req.put("disableApiStop", false);
		req.put("subnetId", subnet);
		req.set("groupSet", items(object().put("groupId", group)));
		req.putObject("iamInstanceProfile").put("name", model.role().name());
		req.put("clientToken", this.rng.uuid());
		ObjectNode instance = object().put("instanceId", "i-0" + this.rng.hex(16)).put("imageId", image);
		instance.putObject("instanceState").put("code", 0).put("name", "pending");
		instance.put("privateDnsName", "ip-10-" + this.rng.between(0, 255) + "-" + this.rng.between(0, 255) + "-"
				+ this.rng.between(4, 250) + ".ec2.internal");
		instance.put("amiLaunchIndex", 0);
		instance.put("instanceType", type);
		instance.put("launchTime", time.toEpochMilli());
		instance.put("subnetId", subnet);
		instance.put("vpcId", a.vpcs.get(0));
		instance.put("architecture", type.startsWith("c6g") ? "arm64" : "x86_64");
		ObjectNode resp = object().put("requestId", this.rng.uuid())
			.put("reservationId", "r-0" + this.rng.hex(16))
			.put("ownerId", a.id);
		resp.putObject("groupSet");
		resp.set("instancesSet", items(instance));
		return ec2("RunInstances").write().request(req).response(resp);
	}

	/** An ingress rule as the EC2 console and CLI send it. */
	Call authorizeIngress(String account, String group, int port, String cidr) {
		ObjectNode range = object().put("cidrIp", cidr);
		ObjectNode permission = object().put("ipProtocol", "tcp").put("fromPort", port).put("toPort", port);
		permission.putObject("groups");
		permission.set("ipRanges", items(range));
		permission.putObject("ipv6Ranges");
		permission.putObject("prefixListIds");
		ObjectNode req = object().put("groupId", group);
		req.set("ipPermissions", items(permission));
		ObjectNode rule = object().put("groupOwnerId", account)
			.put("groupId", group)
			.put("securityGroupRuleId", "sgr-0" + this.rng.hex(16))
			.put("isEgress", false)
			.put("ipProtocol", "tcp")
			.put("fromPort", port)
			.put("toPort", port)
			.put("cidrIpv4", cidr);
		ObjectNode resp = object().put("requestId", this.rng.uuid()).put("_return", true);
		resp.set("securityGroupRuleSet", items(rule));
		return ec2("AuthorizeSecurityGroupIngress").write().request(req).response(resp);
	}

	/**
	 * Turns a call into a failure now and then, with the code and message its service
	 * writes. Issuing calls never come here: a failed issuance is generated as such.
	 */
	void maybeFail(Call c, Actor actor, double probability) {
		if (!this.rng.chance(probability)) {
			return;
		}
		String action = c.service() + ":" + c.name.replaceAll("20150331(v2)?$", "");
		String denied = "User: " + actor.arn + " is not authorized to perform: " + action
				+ " because no identity-based policy allows the " + action + " action";
		if (machine(actor) && this.rng.chance(0.75)) {
			// automation has the permissions it needs; what it meets is rate limits
			switch (c.service()) {
				case "ec2" -> c.fail("Client.RequestLimitExceeded", "Request limit exceeded.");
				case "s3" -> c.fail("SlowDown", "Please reduce your request rate.");
				case "iam" -> c.fail("Throttling", "Rate exceeded");
				default -> c.fail("ThrottlingException", "Rate exceeded");
			}
			return;
		}
		switch (c.service()) {
			case "ec2" -> {
				if (this.rng.chance(0.2)) {
					c.fail("Client.RequestLimitExceeded", "Request limit exceeded.");
				}
				else {
					c.fail("Client.UnauthorizedOperation",
							"You are not authorized to perform this operation. " + denied);
				}
			}
			case "s3" -> {
				if (c.name.equals("GetObject") && this.rng.chance(0.3)) {
					c.fail("NoSuchKey", "The specified key does not exist.");
				}
				else if (this.rng.chance(0.25)) {
					c.fail("NoSuchBucket", "The specified bucket does not exist");
				}
				else {
					c.fail("AccessDenied", "Access Denied");
				}
			}
			case "iam" -> {
				if (this.rng.chance(0.75)) {
					c.fail("AccessDenied", denied);
				}
				else {
					c.fail("NoSuchEntity", "The role with name legacy-app cannot be found.");
				}
			}
			case "kms" -> c.fail(this.rng.chance(0.5) ? "ThrottlingException" : "AccessDeniedException",
					this.rng.chance(0.5) ? "Rate exceeded" : denied);
			case "dynamodb", "lambda" ->
				c.fail(this.rng.chance(0.5) ? "ResourceNotFoundException" : "ThrottlingException",
						this.rng.chance(0.5) ? "Requested resource not found" : "Rate exceeded");
			default -> c.fail("ThrottlingException", "Rate exceeded");
		}
	}

	/** "eu-west-1" → "euw1", as zone ids are written. */
	static String zoneIdPrefix(String region) {
		String[] parts = region.split("-");
		return parts.length < 3 ? region : parts[0] + parts[1].charAt(0) + parts[2];
	}

	private static boolean machine(Actor actor) {
		return switch (actor.kind) {
			case CI, SERVICE_USER, INSTANCE, FUNCTION, CONFIG, GITHUB, CHAINED_SESSION -> true;
			default -> false;
		};
	}

	static String functionArn(String account, String region, String function) {
		return "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
	}

	private String keyArn(Account a, String region) {
		return "arn:aws:kms:" + region + ":" + a.id + ":key/" + this.rng.pick(a.kmsKeys);
	}

}
