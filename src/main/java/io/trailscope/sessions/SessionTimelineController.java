package io.trailscope.sessions;

import java.util.List;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.trailscope.query.QuerySyntaxException;
import io.trailscope.web.Slice;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /sessions/{id}}: who assumed what, the chain above and below drawn as a graph,
 * and every call made with the session in time order, filtered within the session and
 * narrowed to a slice of its time, with a breakdown by service and action and a strip of
 * the calls over time.
 */
@Controller
class SessionTimelineController {

	static final int PAGE_SIZE = 100;

	private final SessionStore store;

	private final SessionLineage lineage;

	private final SessionCalls calls;

	private final SessionRules rules;

	SessionTimelineController(SessionStore store, SessionLineage lineage, SessionCalls calls,
			SessionDerivation derivation) {
		this.store = store;
		this.lineage = lineage;
		this.calls = calls;
		this.rules = derivation.rules();
	}

	@GetMapping("/sessions/{id}")
	String timeline(@PathVariable String id, CallFilter filter, HtmxRequest htmx, HttpServletResponse response,
			Model model) {
		Session session = this.store.find(id).orElseThrow(() -> new SessionNotFoundException("No session " + id + "."));
		boolean fragment = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		TimelinePage.Part part = !fragment ? TimelinePage.Part.PAGE
				: (filter.cursor() != null) ? TimelinePage.Part.ROWS : TimelinePage.Part.CALLS;
		TimelinePage page = page(session, filter, part);
		if (page.queryError() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		model.addAttribute("page", page);
		return switch (part) {
			case ROWS -> "sessions/timeline :: rows";
			case CALLS -> "sessions/timeline :: calls";
			case PAGE -> "sessions/timeline";
		};
	}

	private TimelinePage page(Session session, CallFilter filter, TimelinePage.Part part) {
		String path = "/sessions/" + session.id();
		String csv = filter.url(path + "/export.csv", null);
		String jsonl = filter.url(path + "/export.jsonl", null);
		String whole = filter.whole().url(path, null);
		SessionGraph graph = (part == TimelinePage.Part.PAGE) ? graph(session) : null;
		Slice<SessionCall> calls;
		try {
			calls = Slice.of(this.calls.page(session, filter, this.rules, PAGE_SIZE + 1), PAGE_SIZE,
					last -> filter.url(path, last.cursor()));
		}
		catch (QuerySyntaxException ex) {
			// the page stays usable: the box keeps the query and says what is wrong and
			// where
			return new TimelinePage(session, filter, new Slice<>(List.of(), null), List.of(), CallStrip.EMPTY, graph,
					csv, jsonl, whole, ex.getMessage(), ex.caret(filter.q()));
		}
		if (part == TimelinePage.Part.ROWS) {
			return new TimelinePage(session, filter, calls, List.of(), CallStrip.EMPTY, null, csv, jsonl, whole, null,
					null);
		}
		return new TimelinePage(session, filter, calls, this.calls.breakdown(session, filter),
				this.calls.strip(session, filter, path), graph, csv, jsonl, whole, null, null);
	}

	private SessionGraph graph(Session session) {
		List<Session> children = this.lineage.children(session.id(), SessionGraph.MOST_CHILDREN + 1);
		boolean more = children.size() > SessionGraph.MOST_CHILDREN;
		return SessionGraph.of(session, this.lineage.ancestors(session.id()),
				more ? children.subList(0, SessionGraph.MOST_CHILDREN) : children, more);
	}

}
