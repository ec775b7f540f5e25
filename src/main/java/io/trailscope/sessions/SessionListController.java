package io.trailscope.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /sessions}: who assumed what, filtered by role, principal, account, source identity and
 * time, newest first, with call and error counts and first and last activity.
 */
@Controller
class SessionListController {

	static final int PAGE_SIZE = 50;

	private final SessionStore store;

	private final Clock clock;

	SessionListController(SessionStore store) {
		this.store = store;
		this.clock = Clock.systemUTC();
	}

	@GetMapping("/sessions")
	String list(SessionFilter filter, HtmxRequest htmx, HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		Instant now = this.clock.instant();
		List<Session> page = this.store.list(filter, now, PAGE_SIZE + 1);
		boolean more = page.size() > PAGE_SIZE;
		List<Session> sessions = more ? page.subList(0, PAGE_SIZE) : page;
		Session last = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
		model.addAttribute("filter", filter);
		model.addAttribute("sessions", sessions);
		model.addAttribute("nextUrl", more ? filter.query(Cursor.of(last.created(), last.id())) : null);
		if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
			return filter.cursor() == null ? "sessions/list :: results" : "sessions/list :: rows";
		}
		return "sessions/list";
	}
}
