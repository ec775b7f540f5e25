package io.trailscope.sessions;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.trailscope.query.QuerySyntaxException;

/** The error pages of the session pages: an unknown session, or a malformed parameter. */
@ControllerAdvice(assignableTypes = { SessionListController.class, SessionTimelineController.class,
		SessionExportController.class, EventSessionController.class })
class SessionErrors {

	@ExceptionHandler(SessionNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(SessionNotFoundException ex, Model model) {
		model.addAttribute("title", "No session");
		model.addAttribute("message", ex.getMessage());
		return "sessions/problem";
	}

	@ExceptionHandler(QuerySyntaxException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badQuery(QuerySyntaxException ex, Model model) {
		model.addAttribute("title", "Malformed query");
		model.addAttribute("message", ex.getMessage());
		return "sessions/problem";
	}

	@ExceptionHandler(IllegalArgumentException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badRequest(IllegalArgumentException ex, Model model) {
		model.addAttribute("title", "Bad request");
		model.addAttribute("message", ex.getMessage());
		return "sessions/problem";
	}
}
