package io.trailscope.sessions;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.trailscope.events.SearchJdbc;
import io.trailscope.query.QuerySyntaxException;

/**
 * The error pages of the session pages: an unknown session, a malformed parameter, a read
 * out of time.
 */
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

	/**
	 * A filter whose reads ran out of {@code trailscope.search.statement-timeout}: 503,
	 * saying so.
	 */
	@ExceptionHandler(DataAccessException.class)
	String timeout(DataAccessException ex, HttpServletResponse response, Model model) throws DataAccessException {
		if (ex.getCause() instanceof IllegalArgumentException malformed) {
			// a malformed parameter found while the rows were read (a bound that does not
			// parse)
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return badRequest(malformed, model);
		}
		if (!SearchJdbc.timedOut(ex)) {
			throw ex;
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		model.addAttribute("title", "The search took too long");
		model.addAttribute("message", "Reading the calls of this session took too long and was stopped."
				+ " Narrow the filter (an event name, or a query without ** paths) and try again.");
		return "sessions/problem";
	}

}
