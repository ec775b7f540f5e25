package io.trailscope.sessions;

import java.util.List;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.trailscope.query.QuerySyntaxException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /sessions/{id}}: who assumed what, the chain above and below, and every call made with
 * the session in time order, filtered within the session, with a breakdown by service and action.
 */
@Controller
class SessionTimelineController {

	static final int PAGE_SIZE = 100;

	private final SessionStore store;

	private final SessionRules rules;

	SessionTimelineController(SessionStore store, SessionDerivation derivation) {
		this.store = store;
		this.rules = derivation.rules();
	}

	@GetMapping("/sessions/{id}")
	String timeline(@PathVariable String id, CallFilter filter, HtmxRequest htmx, HttpServletResponse response,
			Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		Session session = this.store.find(id).orElseThrow(() -> new SessionNotFoundException("No session " + id + "."));
		List<SessionCall> page;
		try {
			page = this.store.calls(session, filter, this.rules, PAGE_SIZE + 1);
		}
		catch (QuerySyntaxException ex) {
			// the page stays usable: the box keeps the query and says what is wrong and where
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("queryError", ex.getMessage());
			model.addAttribute("queryCaret", ex.caret(filter.q()));
			page = List.of();
		}
		boolean more = page.size() > PAGE_SIZE;
		List<SessionCall> calls = more ? page.subList(0, PAGE_SIZE) : page;
		String path = "/sessions/" + session.id();
		model.addAttribute("roleSession", session);
		model.addAttribute("filter", filter);
		model.addAttribute("calls", calls);
		model.addAttribute("nextUrl", more ? filter.url(path, calls.get(calls.size() - 1).cursor()) : null);
		model.addAttribute("csvUrl", filter.url(path + "/export.csv", null));
		model.addAttribute("jsonlUrl", filter.url(path + "/export.jsonl", null));
		boolean fragment = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		if (fragment && filter.cursor() != null) {
			return "sessions/timeline :: rows";
		}
		model.addAttribute("breakdown", model.containsAttribute("queryError") ? List.of()
				: this.store.breakdown(session, filter));
		if (fragment) {
			return "sessions/timeline :: calls";
		}
		model.addAttribute("ancestors", this.store.ancestors(session.id()));
		model.addAttribute("children", this.store.children(session.id()));
		return "sessions/timeline";
	}
}
