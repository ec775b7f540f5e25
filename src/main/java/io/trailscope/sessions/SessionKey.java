package io.trailscope.sessions;

import java.time.Instant;

/**
 * What identifies the calls of one session: the identity ARN they carry, the issued key
 * (null for a console session, whose keys rotate), the creation date and the validity
 * period.
 */
record SessionKey(String id, String arn, String issuedKey, Instant created, Instant expires) {

	boolean console() {
		return this.issuedKey == null;
	}
}
