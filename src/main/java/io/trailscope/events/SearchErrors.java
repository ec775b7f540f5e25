package io.trailscope.events;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.JacksonJsonView;

/**
 * A search statement that ran out of {@code trailscope.search.statement-timeout} answers
 * 503 with a message that says so and what to do, in the shape of the request: the part
 * alone for an htmx load (the rest of the page keeps working), a page for a plain
 * request, JSON for {@code .json}.
 */
@ControllerAdvice(
		assignableTypes = { EventSearchController.class, EventAggregationController.class, EventStatsController.class })
class SearchErrors {

	private final String message;

	SearchErrors(SearchProperties properties) {
		this.message = "The search ran longer than " + properties.statementTimeout().toSeconds()
				+ " s and was stopped. Narrow the time range or add a filter that names an account, an event name or"
				+ " a principal, and try again.";
	}

	@ExceptionHandler(DataAccessException.class)
	ModelAndView timeout(DataAccessException ex, HttpServletRequest request, HtmxRequest htmx,
			HttpServletResponse response) throws DataAccessException {
		if (!SearchJdbc.timedOut(ex)) {
			throw ex;
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		if (request.getRequestURI().endsWith(".json")) {
			ModelAndView json = new ModelAndView(new JacksonJsonView());
			json.addObject("error", this.message);
			return json;
		}
		ModelAndView view = new ModelAndView((htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest())
				? "events/timeout :: message" : "events/timeout");
		view.addObject("message", this.message);
		return view;
	}

}
