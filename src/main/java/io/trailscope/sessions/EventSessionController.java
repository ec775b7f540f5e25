package io.trailscope.sessions;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /events/{eventId}/session}: to the session an event created (an issuing event)
 * or was made with (any other call).
 */
@Controller
class EventSessionController {

	private final SessionStore store;

	EventSessionController(SessionStore store) {
		this.store = store;
	}

	@GetMapping("/events/{eventId}/session")
	String sessionOf(@PathVariable String eventId) {
		String id = this.store.sessionOfEvent(eventId)
			.orElseThrow(() -> new SessionNotFoundException("Event " + eventId
					+ " neither issued credentials nor was made with a session whose issuing event is loaded."));
		return "redirect:" + UriComponentsBuilder.fromPath("/sessions/{id}").buildAndExpand(id).encode().toUriString();
	}

}
