package io.trailscope.sessions;

import java.time.Instant;

/**
 * One issuance of credentials, as read from one copy of its issuing event. The two copies
 * of a cross-account AssumeRole give the same {@link #id()}, so they fold into one
 * session.
 *
 * @param arn the identity ARN the calls made with the credentials carry
 * @param issuedKey the issued access key id, or null for a console session
 * @param created when the credentials were issued (the creation date their calls carry)
 * @param switchFrom for a console role switch, the ARN of the identity that switched
 */
record Issuance(String id, String issuerEventName, String arn, String issuedKey, Instant created, Instant expires,
		String roleArn, String sessionName, String issuerEventId, Instant issuerEventTime, String issuerAccount,
		String sharedEventId, String region, String sourceAddress, String userAgent, Boolean mfa, String sourceIdentity,
		String switchFrom, Signer signer) {

	SessionKey key() {
		return new SessionKey(this.id, this.arn, this.issuedKey, this.created, this.expires);
	}

	boolean console() {
		return this.issuedKey == null;
	}
}
