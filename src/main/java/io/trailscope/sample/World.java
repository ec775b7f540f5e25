package io.trailscope.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * The organisation the trail describes, drawn once from the seed: per account its IAM
 * users, roles, instances, functions, buckets, keys and security groups, and the people
 * who work there. Kept small and fixed so that names repeat the way they do in a real
 * trail.
 */
final class World {

	static final String[] PEOPLE = { "alice.martin", "bob.nguyen", "carol.smith", "dan.okafor", "erin.kowalski",
			"farid.haddad", "grace.lee", "hiro.tanaka", "ines.moreau", "jonas.berg" };

	static final String[] ROLE_NAMES = { "Admin", "ReadOnly", "DeployRole", "DataEngineer",
			"OrganizationAccountAccessRole" };

	static final String[] FUNCTIONS = { "orders-processor", "thumbnail-generator", "invoice-mailer", "audit-exporter",
			"slack-notifier" };

	static final String[] INSTANCE_ROLES = { "web-server-role", "batch-worker-role", "bastion-role" };

	static final String COMPANY = "northwind";

	final List<Account> accounts = new ArrayList<>();

	final List<String> regions;

	/** The region IAM, STS's global endpoint and the console sign-in write to. */
	final String globalRegion;

	/** The address space of ordinary people: offices, homes and mobile networks. */
	final List<String> officeAddresses = new ArrayList<>();

	private final List<User> people;

	World(Rng rng, List<String> accountIds, List<String> regions) {
		this.regions = List.copyOf(regions);
		this.globalRegion = regions.contains("us-east-1") ? "us-east-1" : regions.get(0);
		this.officeAddresses.add("81.2.69." + rng.between(10, 250));
		this.officeAddresses.add("81.2.69." + rng.between(10, 250));
		this.officeAddresses.add("2a02:c7c:5c4e:" + rng.hex(4) + "::" + rng.hex(3));
		String[] envs = { "shared", "prod", "staging", "dev", "sandbox" };
		for (int i = 0; i < accountIds.size(); i++) {
			this.accounts.add(new Account(rng, i, accountIds.get(i), envs[Math.min(i, envs.length - 1)], this.regions));
		}
		Account identity = this.accounts.get(0);
		int people = Math.min(PEOPLE.length, 6 + accountIds.size());
		for (int p = 0; p < people; p++) {
			String name = PEOPLE[p];
			String address = switch (p % 4) {
				case 0, 1 -> rng.pick(this.officeAddresses);
				case 2 -> "92.40." + rng.between(1, 254) + "." + rng.between(1, 254);
				default -> "2a00:23c6:" + rng.hex(4) + ":" + rng.hex(4) + "::" + rng.hex(2);
			};
			identity.users.add(new User(name, identity.id, "AIDA" + rng.upperAlnum(17), "AKIA" + rng.upperAlnum(16),
					address, true, name + "@" + COMPANY + ".example"));
		}
		this.people = List.copyOf(identity.users);
		for (Account account : this.accounts) {
			account.users
				.add(new User("terraform-ci", account.id, "AIDA" + rng.upperAlnum(17), "AKIA" + rng.upperAlnum(16),
						"34." + rng.between(192, 255) + "." + rng.between(0, 255) + "." + rng.between(1, 254), false,
						null));
			account.users
				.add(new User("reporting-svc", account.id, "AIDA" + rng.upperAlnum(17), "AKIA" + rng.upperAlnum(16),
						"10.20." + rng.between(0, 15) + "." + rng.between(4, 250), false, null));
		}
	}

	Account account(String id) {
		for (Account account : this.accounts) {
			if (account.id.equals(id)) {
				return account;
			}
		}
		throw new IllegalArgumentException(id);
	}

	List<User> people() {
		return this.people;
	}

	/** An AWS account of the organisation and what lives in it. */
	static final class Account {

		final int index;

		final String id;

		final String env;

		final List<User> users = new ArrayList<>();

		final List<Role> roles = new ArrayList<>();

		final List<Role> ssoRoles = new ArrayList<>();

		final List<Role> instanceRoles = new ArrayList<>();

		final List<Role> functionRoles = new ArrayList<>();

		final Role configRole;

		final Role githubRole;

		final List<Instance> instances = new ArrayList<>();

		final List<String> buckets = new ArrayList<>();

		final List<String> securityGroups = new ArrayList<>();

		final List<String> vpcs = new ArrayList<>();

		final List<String> subnets = new ArrayList<>();

		final List<String> kmsKeys = new ArrayList<>();

		final List<String> tables = new ArrayList<>();

		final List<String> functions = new ArrayList<>();

		final String samlProvider;

		final String vpcEndpoint;

		Account(Rng rng, int index, String id, String env, List<String> regions) {
			this.index = index;
			this.id = id;
			this.env = env;
			for (String name : ROLE_NAMES) {
				this.roles.add(new Role(name, id, "AROA" + rng.upperAlnum(17), ""));
			}
			String ssoRegion = regions.get(0);
			for (String set : new String[] { "AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess" }) {
				this.ssoRoles.add(new Role("AWSReservedSSO_" + set + "_" + rng.hex(16), id, "AROA" + rng.upperAlnum(17),
						"aws-reserved/sso.amazonaws.com/" + ssoRegion + "/"));
			}
			for (String name : INSTANCE_ROLES) {
				this.instanceRoles.add(new Role(name, id, "AROA" + rng.upperAlnum(17), ""));
			}
			for (String fn : FUNCTIONS) {
				this.functions.add(fn);
				this.functionRoles.add(new Role(fn + "-role-" + rng.alnum(8).toLowerCase(), id,
						"AROA" + rng.upperAlnum(17), "service-role/"));
			}
			this.configRole = new Role("AWSServiceRoleForConfig", id, "AROA" + rng.upperAlnum(17),
					"aws-service-role/config.amazonaws.com/");
			this.githubRole = new Role("github-actions-deploy", id, "AROA" + rng.upperAlnum(17), "");
			for (int i = 0; i < 8; i++) {
				Role role = this.instanceRoles.get(i % this.instanceRoles.size());
				this.instances.add(new Instance("i-0" + rng.hex(16), role, regions.get(i % regions.size()),
						"10." + (index * 16 + 1) + "." + rng.between(0, 255) + "." + rng.between(4, 250),
						rng.pick("3.", "18.", "52.", "54.") + rng.between(1, 254) + "." + rng.between(1, 254) + "."
								+ rng.between(1, 254)));
			}
			for (String b : new String[] { "logs", "artifacts", "data-lake", "backups", "static-site" }) {
				this.buckets.add(COMPANY + "-" + env + "-" + b + "-" + id.substring(8));
			}
			for (int i = 0; i < 4; i++) {
				this.securityGroups.add("sg-0" + rng.hex(16));
				this.vpcs.add("vpc-0" + rng.hex(16));
				this.subnets.add("subnet-0" + rng.hex(16));
				this.kmsKeys.add(rng.uuid());
			}
			for (String t : new String[] { "orders", "customers", "sessions", "inventory" }) {
				this.tables.add(env + "-" + t);
			}
			this.samlProvider = "arn:aws:iam::" + id + ":saml-provider/AWSSSO_" + rng.hex(16) + "_DO_NOT_DELETE";
			this.vpcEndpoint = "vpce-0" + rng.hex(16);
		}

		Role role(String name) {
			return this.roles.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
		}

		String arn() {
			return "arn:aws:iam::" + this.id + ":root";
		}

	}

	/** An IAM user with a long-term access key. */
	record User(String name, String account, String principalId, String accessKey, String address, boolean human,
			String email) {

		String arn() {
			return "arn:aws:iam::" + this.account + ":user/" + this.name;
		}
	}

	/** An IAM role; {@code path} ends with a slash or is empty. */
	record Role(String name, String account, String roleId, String path) {

		String arn() {
			return "arn:aws:iam::" + this.account + ":role/" + this.path + this.name;
		}

		String sessionArn(String sessionName) {
			return "arn:aws:sts::" + this.account + ":assumed-role/" + this.name + "/" + sessionName;
		}
	}

	record Instance(String id, Role role, String region, String privateIp, String publicIp) {
	}

}
