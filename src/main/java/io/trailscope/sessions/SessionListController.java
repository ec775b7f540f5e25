package io.trailscope.sessions;

import java.time.Clock;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.trailscope.web.Slice;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /sessions}: who assumed what, filtered by role, principal, account, source
 * identity and time, newest first or by calls, errors or last activity, with call and
 * error counts and first and last activity.
 */
@Controller
class SessionListController {

	static final int PAGE_SIZE = 50;

	private final SessionList list;

	private final Clock clock;

	SessionListController(SessionList list, Clock clock) {
		this.list = list;
		this.clock = clock;
	}

	@GetMapping("/sessions")
	String list(SessionFilter filter, HtmxRequest htmx, Model model) {
		Slice<Session> sessions = Slice.of(this.list.list(filter, this.clock.instant(), PAGE_SIZE + 1), PAGE_SIZE,
				last -> filter.query(filter.positionAfter(last)));
		model.addAttribute("filter", filter);
		model.addAttribute("sessions", sessions);
		if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
			return filter.cursor() == null ? "sessions/list :: results" : "sessions/list :: rows";
		}
		return "sessions/list";
	}

}
