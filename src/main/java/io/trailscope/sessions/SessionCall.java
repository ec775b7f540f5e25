package io.trailscope.sessions;

import java.time.Instant;

import io.trailscope.web.Keyset;

/** One call made with a session's credentials, and how it was tied to the session. */
record SessionCall(Instant eventTime, long seq, String eventId, String recipientAccountId, String eventName,
		String eventSource, String awsRegion, String sourceAddress, String userAgent, String errorCode,
		String errorMessage, String accessKeyId, LinkMethod link) {

	public boolean failed() {
		return this.errorCode != null;
	}

	public String cursor() {
		return Keyset.after(this.eventTime, this.eventId + "~" + this.recipientAccountId).toString();
	}
}
