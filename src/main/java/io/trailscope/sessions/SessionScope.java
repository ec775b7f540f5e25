package io.trailscope.sessions;

import java.util.Map;

/**
 * "The calls of one session" as an SQL condition on the events table under alias {@code e}, with
 * its named parameters (all prefixed {@code session_}, so they never clash with a search's own).
 * The search module can AND it with any filter of its own; its shape matches the events module's
 * {@code EventScope(String condition, Map<String,Object> parameters)}.
 */
public record SessionScope(String condition, Map<String, Object> parameters) {

	public SessionScope {
		parameters = Map.copyOf(parameters);
	}
}
