package io.trailscope.sessions;

import java.util.Optional;

import org.springframework.stereotype.Service;

import io.trailscope.query.SqlCondition;

/**
 * What other modules may ask of sessions: the session an event belongs to (for a link or
 * a column beside the event), and the calls of a session as a condition to combine with a
 * search.
 */
@Service
public class Sessions {

	private final SessionStore store;

	Sessions(SessionStore store) {
		this.store = store;
	}

	/**
	 * The session an event created (an issuing event) or was made with, if its issuer is
	 * loaded.
	 */
	public Optional<String> sessionOfEvent(String eventId) {
		return this.store.sessionOfEvent(eventId);
	}

	/**
	 * The calls of a session as an SQL condition on events alias {@code e} with its
	 * parameters, for a search to AND with its own filters; empty for an unknown session.
	 */
	public Optional<SqlCondition> scope(String sessionId) {
		return this.store.find(sessionId).map(session -> this.store.scope(session.key()));
	}

}
