package io.trailscope.sessions;

import java.util.List;

import io.trailscope.web.Slice;

/**
 * What a session's page ({@code sessions/timeline}) shows: the session, the chain above
 * and below, its calls that the filter keeps with their breakdown by action, and the
 * exports of them. A fragment leaves out what it does not show (empty lists).
 *
 * @param queryError why the filter's query was refused, null when it was not
 * @param queryCaret the query with a caret under the refused spot
 */
record TimelinePage(Session roleSession, CallFilter filter, Slice<SessionCall> calls, List<ActionCount> breakdown,
		List<Session> ancestors, List<Session> children, String csvUrl, String jsonlUrl, String queryError,
		String queryCaret) {

	/** How much of the page a request renders. */
	enum Part {

		/** "Load more": further calls only. */
		ROWS,

		/** The filter's live update: the calls and their breakdown. */
		CALLS,

		/** The whole page. */
		PAGE

	}
}
