package io.trailscope.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.UrlPathHelper;

/**
 * Records who read audit data and who changed anything, in the log category
 * {@code trailscope.audit} (route it to its own file or collector). One line per request:
 * <ul>
 * <li>every request a handler under {@code /events}, {@code /sessions} or
 * {@code /investigations} answered (searches, details, exports, canned investigations),
 * decided by the handler that served it and not by the URI as sent, so
 * {@code /%65vents/export.csv} is recorded like {@code /events/export.csv};</li>
 * <li>every request that is not a GET, HEAD or OPTIONS, whatever its answer;</li>
 * <li>every sign-in, failed sign-in and sign-out, and every request refused with 401, 403
 * (including a missing or wrong CSRF token) or 429.</li>
 * </ul>
 * A line names the signed-in user, the method, the decoded path (and the path as sent
 * when they differ), the request's parameters except secrets, the names of uploaded
 * files, the status, the client's address and, for a download, the rows written and
 * whether it ended normally; a download's line is written when its stream ends. Values
 * are escaped and capped by {@link AuditLine}.
 * <p>
 * It runs inside both security filter chains, just after the security context is loaded,
 * so it sees the answers the chain gives by itself (401, 403, the sign-in redirects) as
 * well as the handlers'.
 */
final class AuditLog extends OncePerRequestFilter {

	static final Logger audit = LoggerFactory.getLogger("trailscope.audit");

	static final String DENIAL = AuditLog.class.getName() + ".denial";

	static final String UPLOADS = AuditLog.class.getName() + ".uploads";

	private static final List<String> READS = List.of("/events", "/sessions", "/investigations");

	private static final Set<Integer> REFUSALS = Set.of(HttpStatus.UNAUTHORIZED.value(), HttpStatus.FORBIDDEN.value(),
			HttpStatus.TOO_MANY_REQUESTS.value());

	private static final int MAX_PARAMETERS = 20;

	private static final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!audit.isInfoEnabled()) {
			chain.doFilter(request, response);
			return;
		}
		Authentication before = signedIn(SecurityContextHolder.getContext().getAuthentication());
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			Authentication after = signedIn(SecurityContextHolder.getContext().getAuthentication());
			Authentication user = (after != null) ? after : before;
			if (request.isAsyncStarted()) {
				// a streamed download: its status and rows are known when the stream ends
				AuditLine line = line(request, user);
				ExportedRows rows = (ExportedRows) request.getAttribute(ExportedRows.ATTRIBUTE);
				request.getAsyncContext().addListener(new Completion(line, rows, request.getRemoteAddr(), response));
			}
			else if (failed || isAudited(request, response.getStatus())) {
				AuditLine line = line(request, user).add("status", failed ? 500 : response.getStatus());
				if (failed) {
					line.add("outcome", "error");
				}
				write(line, request);
			}
		}
	}

	static void denied(HttpServletRequest request, String reason) {
		request.setAttribute(DENIAL, reason);
	}

	static boolean isAudited(HttpServletRequest request, int status) {
		if (AuditEvent.of(request) != null || REFUSALS.contains(status) || !isSafe(request.getMethod())) {
			return true;
		}
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return pattern instanceof String handled
				&& READS.stream().anyMatch((read) -> handled.equals(read) || handled.startsWith(read + "/"));
	}

	private static AuditLine line(HttpServletRequest request, Authentication user) {
		AuditEvent event = AuditEvent.of(request);
		String action = (event != null) ? event.action()
				: (request.getAttribute(DENIAL) != null) ? "denied" : isSafe(request.getMethod()) ? "read" : "change";
		AuditLine line = new AuditLine(action).add("user",
				(event != null) ? event.user() : (user != null) ? user.getName() : "-");
		if (user != null && user.getPrincipal() instanceof OidcIdentity identity) {
			// the readable name beside the stable one; it is the identity provider's to
			// change
			line.add("as", identity.displayName());
		}
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		line.word(request.getMethod()).word(path);
		String raw = request.getRequestURI().substring(request.getContextPath().length());
		if (!raw.equals(path)) {
			line.add("raw", raw);
		}
		parameters(line, request);
		if (event != null) {
			line.add("via", event.via()).add("reason", event.reason());
		}
		return line.add("denied", request.getAttribute(DENIAL));
	}

	/**
	 * The parameters of the query string and a form, except secrets. A multipart body is
	 * never read here: it is parsed only for a request allowed to send one, and its file
	 * names come from there.
	 */
	private static void parameters(AuditLine line, HttpServletRequest request) {
		if (UploadLimits.isMultipart(request)) {
			if (request.getAttribute(UPLOADS) instanceof List<?> names) {
				names.stream().limit(MAX_PARAMETERS).forEach((name) -> line.add("file", name));
			}
			return;
		}
		int written = 0;
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (isSecret(parameter.getKey())) {
				continue;
			}
			for (String value : parameter.getValue()) {
				if (written++ == MAX_PARAMETERS) {
					line.add("truncated", "true");
					return;
				}
				line.add(parameter.getKey(), value);
			}
		}
	}

	private static boolean isSecret(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.contains("password") || lower.contains("secret") || lower.contains("token")
				|| lower.equals("_csrf");
	}

	private static void write(AuditLine line, HttpServletRequest request) {
		audit.info("{}", line.add("from", request.getRemoteAddr()));
	}

	private static Authentication signedIn(Authentication authentication) {
		return (authentication != null && authentication.isAuthenticated() && !trust.isAnonymous(authentication))
				? authentication : null;
	}

	private static boolean isSafe(String method) {
		return HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method) || HttpMethod.OPTIONS.matches(method);
	}

	/**
	 * Writes a download's line when its stream ends, with the rows the export counted.
	 * What it needs of the request is taken before: the container may recycle the request
	 * once it completes.
	 */
	private record Completion(AuditLine line, ExportedRows rows, String from,
			HttpServletResponse response) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.line.add("status", this.response.getStatus());
			if (this.rows != null) {
				this.line.add("rows", this.rows.count())
					.add("outcome", this.rows.isComplete() ? "complete" : "broken-off");
			}
			audit.info("{}", this.line.add("from", this.from));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}
	}

}
