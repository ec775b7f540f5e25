package io.trailscope.ingest.record;

import java.time.Instant;
import java.util.List;

/**
 * One record as it is stored: the core columns people filter and sort on, the search
 * terms, and the (redacted) record itself as JSON text.
 */
public record NormalizedEvent(Instant eventTime, String eventId, String recipientAccountId, String eventVersion,
		String eventName, String eventSource, String awsRegion, String sourceAddress, String sourceIp, String userAgent,
		String errorCode, String errorMessage, Boolean readOnly, String eventType, String eventCategory,
		Boolean managementEvent, String sharedEventId, String requestId, String identityType, String principalId,
		String principalArn, String identityAccountId, String accessKeyId, String userName, String invokedBy,
		String sessionIssuerType, String sessionIssuerArn, String sessionIssuerUserName, Boolean mfaAuthenticated,
		Instant sessionCreated, String sourceIdentity, String principal, List<String> searchTerms, String recordJson) {

	public NormalizedEvent {
		if (eventTime == null || eventId == null || eventId.isBlank() || recipientAccountId == null) {
			throw new IllegalArgumentException("eventTime, eventID and the recipient account are required");
		}
		searchTerms = List.copyOf(searchTerms);
	}

	/**
	 * The same row without its record and search terms: the columns read from the record.
	 */
	public NormalizedEvent columns() {
		return new NormalizedEvent(this.eventTime, this.eventId, this.recipientAccountId, this.eventVersion,
				this.eventName, this.eventSource, this.awsRegion, this.sourceAddress, this.sourceIp, this.userAgent,
				this.errorCode, this.errorMessage, this.readOnly, this.eventType, this.eventCategory,
				this.managementEvent, this.sharedEventId, this.requestId, this.identityType, this.principalId,
				this.principalArn, this.identityAccountId, this.accessKeyId, this.userName, this.invokedBy,
				this.sessionIssuerType, this.sessionIssuerArn, this.sessionIssuerUserName, this.mfaAuthenticated,
				this.sessionCreated, this.sourceIdentity, this.principal, List.of(), "");
	}
}
