package io.trailscope.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The security chain's answers, told to the audit log: each handler notes on the request
 * what happened ({@link AuditEvent}, or why it was refused) and then answers as Spring
 * Security would.
 */
final class SignInAudit {

	private SignInAudit() {
	}

	static AuthenticationSuccessHandler signedIn(String via, AuthenticationSuccessHandler then) {
		return (request, response, authentication) -> {
			AuditEvent.signedIn(request, authentication.getName(), via);
			then.onAuthenticationSuccess(request, response, authentication);
		};
	}

	static AuthenticationFailureHandler failed(String via, AuthenticationFailureHandler then) {
		return (request, response, ex) -> {
			AuditEvent.signInFailed(request, attemptedName(request, ex), via, reason(ex));
			then.onAuthenticationFailure(request, response, ex);
		};
	}

	static LogoutHandler signedOut() {
		return (request, response, authentication) -> AuditEvent.signedOut(request,
				(authentication != null) ? authentication.getName() : null);
	}

	/**
	 * A request refused for want of a sign-in, or a failed sign-in when it carried
	 * credentials (HTTP Basic).
	 */
	static AuthenticationEntryPoint unauthenticated(AuthenticationEntryPoint then) {
		return (request, response, ex) -> {
			if (ex instanceof InsufficientAuthenticationException) {
				AuditLog.denied(request, "unauthenticated");
			}
			else {
				AuditEvent.signInFailed(request, attemptedName(request, ex), "basic", reason(ex));
			}
			then.commence(request, response, ex);
		};
	}

	static AccessDeniedHandler forbidden() {
		AccessDeniedHandler standard = new AccessDeniedHandlerImpl();
		return (request, response, ex) -> {
			AuditLog.denied(request, (ex instanceof CsrfException) ? "csrf" : "forbidden");
			standard.handle(request, response, ex);
		};
	}

	static String reason(AuthenticationException ex) {
		if (ex instanceof BadCredentialsException) {
			return "bad-credentials";
		}
		if (ex instanceof SignInThrottledException) {
			return "throttled";
		}
		if (ex instanceof OAuth2AuthenticationException oauth) {
			return oauth.getError().getErrorCode();
		}
		return ex.getClass().getSimpleName();
	}

	private static String attemptedName(HttpServletRequest request, AuthenticationException ex) {
		if (ex instanceof OidcRoles.Refused refused) {
			return refused.name();
		}
		Authentication attempt = ex.getAuthenticationRequest();
		if (attempt != null && attempt.getName() != null && !attempt.getName().isEmpty()) {
			return attempt.getName();
		}
		String typed = request.getParameter("username");
		return (typed != null) ? typed : "-";
	}

}
