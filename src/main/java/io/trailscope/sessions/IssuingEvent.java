package io.trailscope.sessions;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * An event that issued credentials, as the linking rules read it: its columns and its
 * record.
 */
record IssuingEvent(String eventId, String recipientAccountId, Instant eventTime, String eventName, String eventSource,
		String awsRegion, String sourceAddress, String userAgent, String errorCode, String sharedEventId,
		String identityType, String principal, String principalArn, String accessKeyId, Instant sessionCreated,
		String invokedBy, Boolean mfa, String sourceIdentity, JsonNode record) {
}
