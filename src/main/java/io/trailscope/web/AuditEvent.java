package io.trailscope.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a request did to someone's sign-in, for its audit line: the security chain's
 * handlers set it, {@link AuditLog} writes it. {@code user} is the name signed in or out,
 * or the name someone tried; {@code reason} says why a sign-in failed.
 */
record AuditEvent(String action, String user, String via, String reason) {

	static final String ATTRIBUTE = AuditEvent.class.getName();

	static void signedIn(HttpServletRequest request, String user, String via) {
		request.setAttribute(ATTRIBUTE, new AuditEvent("sign-in", user, via, null));
	}

	static void signInFailed(HttpServletRequest request, String user, String via, String reason) {
		request.setAttribute(ATTRIBUTE, new AuditEvent("sign-in-failed", user, via, reason));
	}

	static void signedOut(HttpServletRequest request, String user) {
		request.setAttribute(ATTRIBUTE, new AuditEvent("sign-out", user, null, null));
	}

	static AuditEvent of(HttpServletRequest request) {
		return (AuditEvent) request.getAttribute(ATTRIBUTE);
	}
}
