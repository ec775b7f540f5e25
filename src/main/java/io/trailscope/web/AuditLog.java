package io.trailscope.web;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records who read audit data and who changed anything, in the log category
 * {@code trailscope.audit} (route it to its own file or collector): every request for events or
 * sessions (searches, details, exports) and every state-changing request, with the signed-in user,
 * method, path, raw query string and status. Runs after Spring Security, so feature modules need
 * not know about it. The query string is logged as received (percent-encoded), so a crafted query
 * cannot forge log lines.
 */
@Component
class AuditLog extends OncePerRequestFilter {

	private static final Logger audit = LoggerFactory.getLogger("trailscope.audit");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!audit.isInfoEnabled() || !isAudited(request)) {
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			Principal user = request.getUserPrincipal();
			String query = request.getQueryString();
			audit.info("user={} {} {}{} status={}", (user != null) ? user.getName() : "-", request.getMethod(),
					request.getRequestURI(), (query != null) ? "?" + query : "", response.getStatus());
		}
	}

	static boolean isAudited(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return isAuditedPath(path) || !isSafe(request.getMethod());
	}

	private static boolean isAuditedPath(String path) {
		return path.equals("/events") || path.startsWith("/events/") || path.equals("/sessions")
				|| path.startsWith("/sessions/");
	}

	private static boolean isSafe(String method) {
		return HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method) || HttpMethod.OPTIONS.matches(method);
	}
}
