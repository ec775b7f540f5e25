package io.trailscope.sessions;

import java.time.Instant;

/**
 * Who signed a credential-issuing call: an identity type, its display name and ARN, and
 * for calls signed with temporary credentials their key and creation date, by which the
 * parent session is found.
 */
record Signer(String type, String principal, String arn, String accessKeyId, Instant sessionCreated, String invokedBy,
		String provider) {
}
