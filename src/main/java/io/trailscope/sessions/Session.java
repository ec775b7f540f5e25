package io.trailscope.sessions;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** A stored session, as pages show it. */
record Session(String id, String issuerEventName, String arn, String issuedKey, Instant created, Instant expires,
		String roleArn, String sessionName, String issuerEventId, Instant issuerEventTime, String issuerAccount,
		String sharedEventId, List<String> issuerAccounts, String region, String sourceAddress, String userAgent,
		Boolean mfa, String sourceIdentity, String switchFrom, String signerType, String signerPrincipal,
		String signerArn, String signerKey, Instant signerCreated, String parentId, String parentLink, String rootKind,
		String rootPrincipal, String chainSourceIdentity, long callCount, long errorCount, Instant firstActivity,
		Instant lastActivity, List<String> regions, List<String> accounts) {

	SessionKey key() {
		return new SessionKey(this.id, this.arn, this.issuedKey, this.created, this.expires);
	}

	public boolean console() {
		return this.issuedKey == null;
	}

	/** The role, or the identity, shown as the session's name. */
	public String title() {
		if (this.roleArn == null) {
			// a user, root or federated user: the resource part of its ARN (user/bob,
			// root)
			String[] parts = this.arn.split(":", 6);
			return parts.length == 6 ? parts[5] : this.arn;
		}
		String role = this.roleArn.substring(this.roleArn.lastIndexOf('/') + 1);
		return this.sessionName == null ? role : role + " / " + this.sessionName;
	}

	public String parentLinkDescription() {
		return this.parentLink == null ? null : LinkMethod.valueOf(this.parentLink).description();
	}

	/** Accounts of the issuing event's copies and of the calls, each once. */
	public List<String> allAccounts() {
		return Stream.concat(this.issuerAccounts.stream(), this.accounts.stream())
			.filter(a -> a != null && !a.isBlank())
			.distinct()
			.sorted()
			.toList();
	}
}
