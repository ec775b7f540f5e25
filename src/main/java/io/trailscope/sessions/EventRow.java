package io.trailscope.sessions;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** The columns of one stored event that the linking rules read, and its record. */
record EventRow(String eventId, String recipientAccountId, Instant eventTime, String eventName, String eventSource,
		String awsRegion, String sourceAddress, String userAgent, String errorCode, String sharedEventId,
		String identityType, String principal, String principalArn, String accessKeyId, Instant sessionCreated,
		String invokedBy, Boolean mfa, String sourceIdentity, JsonNode record) {
}
