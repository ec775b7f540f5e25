package io.trailscope.sample;

import java.time.Instant;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.sample.World.Account;
import io.trailscope.sample.World.Instance;
import io.trailscope.sample.World.Role;
import io.trailscope.sample.World.User;

/**
 * Someone making calls: an IAM user with a long-term key, or a session (role, console,
 * root) with the credentials it was issued. Writes its own {@code userIdentity}, so every
 * call of a session carries the issued key, ARN and creation date the sessions module
 * links on.
 */
final class Actor {

	/** What the actor is; decides its calls, user agent and addresses. */
	enum Kind {

		PERSON_CLI, CI, SERVICE_USER, ROLE_SESSION, CHAINED_SESSION, SSO_CONSOLE, SSO_CLI, IAM_CONSOLE, SWITCHED,
		INSTANCE, FUNCTION, GITHUB, CONFIG, ROOT_CONSOLE, INCIDENT_ADMIN, INCIDENT_USER

	}

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	final Kind kind;

	/** The account whose trail records the calls. */
	final Account account;

	final String arn;

	final String type;

	/**
	 * The key of the calls; rotated for console sessions, whose keys change as the
	 * console works.
	 */
	String accessKey;

	final Instant created;

	final Instant expires;

	/**
	 * After this the actor has stopped working, though its credentials may still be
	 * valid.
	 */
	final Instant activeUntil;

	int budget;

	final String address;

	final String userAgent;

	final String region;

	User user;

	Role role;

	String sessionName;

	Instance instance;

	String function;

	boolean mfa;

	String webIdProvider;

	boolean console;

	/** Whether this session has assumed a role or switched already (once is enough). */
	boolean chained;

	Actor(Kind kind, Account account, String type, String arn, String accessKey, Instant created, Instant expires,
			Instant activeUntil, int budget, String address, String userAgent, String region) {
		this.kind = kind;
		this.account = account;
		this.type = type;
		this.arn = arn;
		this.accessKey = accessKey;
		this.created = created;
		this.expires = expires;
		this.activeUntil = activeUntil;
		this.budget = budget;
		this.address = address;
		this.userAgent = userAgent;
		this.region = region;
	}

	boolean activeAt(Instant time) {
		return this.budget > 0 && !time.isAfter(this.activeUntil)
				&& (this.expires == null || time.isBefore(this.expires))
				&& (this.created == null || !time.isBefore(this.created));
	}

	String principalName() {
		return this.user != null && this.role == null ? this.user.name() : this.sessionName;
	}

	/** The userIdentity block as CloudTrail writes it for this actor's calls. */
	ObjectNode identity() {
		ObjectNode id = JSON.objectNode();
		switch (this.type) {
			case "IAMUser" -> {
				id.put("type", "IAMUser");
				id.put("principalId", this.user.principalId());
				id.put("arn", this.arn);
				id.put("accountId", this.user.account());
				id.put("accessKeyId", this.accessKey);
				id.put("userName", this.user.name());
				if (this.console) {
					sessionContext(id, null);
				}
			}
			case "Root" -> {
				id.put("type", "Root");
				id.put("principalId", this.account.id);
				id.put("arn", this.arn);
				id.put("accountId", this.account.id);
				id.put("accessKeyId", this.accessKey);
				sessionContext(id, null);
			}
			default -> {
				id.put("type", "AssumedRole");
				id.put("principalId", this.role.roleId() + ":" + this.sessionName);
				id.put("arn", this.arn);
				id.put("accountId", this.role.account());
				id.put("accessKeyId", this.accessKey);
				sessionContext(id, this.role);
				if (this.kind == Kind.CONFIG) {
					id.put("invokedBy", "config.amazonaws.com");
				}
			}
		}
		return id;
	}

	private void sessionContext(ObjectNode id, Role issuer) {
		ObjectNode context = id.putObject("sessionContext");
		ObjectNode sessionIssuer = context.putObject("sessionIssuer");
		if (issuer != null) {
			sessionIssuer.put("type", "Role");
			sessionIssuer.put("principalId", issuer.roleId());
			sessionIssuer.put("arn", issuer.arn());
			sessionIssuer.put("accountId", issuer.account());
			sessionIssuer.put("userName", issuer.name());
		}
		ObjectNode federation = context.putObject("webIdFederationData");
		if (this.webIdProvider != null) {
			federation.put("federatedProvider", this.webIdProvider);
			federation.putObject("attributes");
		}
		ObjectNode attributes = context.putObject("attributes");
		attributes.put("creationDate", Records.time(this.created));
		attributes.put("mfaAuthenticated", this.mfa ? "true" : "false");
		if (this.kind == Kind.INSTANCE) {
			context.put("ec2RoleDelivery", "2.0");
		}
	}

}
