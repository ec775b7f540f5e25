package io.trailscope.ingest;

import java.time.Instant;
import java.util.List;

/**
 * One record as it is stored: the core columns people filter and sort on, the search terms, and
 * the (redacted) record itself as JSON text.
 */
record NormalizedEvent(Instant eventTime, String eventId, String recipientAccountId, String eventVersion,
		String eventName, String eventSource, String awsRegion, String sourceAddress, String sourceIp,
		String userAgent, String errorCode, String errorMessage, Boolean readOnly, String eventType,
		String eventCategory, Boolean managementEvent, String sharedEventId, String requestId,
		String identityType, String principalId, String principalArn, String identityAccountId,
		String accessKeyId, String userName, String invokedBy, String sessionIssuerType,
		String sessionIssuerArn, String sessionIssuerUserName, Boolean mfaAuthenticated,
		Instant sessionCreated, String sourceIdentity, String principal, List<String> searchTerms,
		String recordJson) {

	NormalizedEvent {
		if (eventTime == null || eventId == null || eventId.isBlank() || recipientAccountId == null) {
			throw new IllegalArgumentException("eventTime, eventID and the recipient account are required");
		}
		searchTerms = List.copyOf(searchTerms);
	}
}
