package io.trailscope.sessions;

import java.util.List;

import io.trailscope.web.Slice;

/**
 * What a session's page ({@code sessions/timeline}) shows: the session, the chain above
 * and below drawn as a graph, its calls that the filter keeps with their breakdown by
 * action and their time strip, and the exports of them. A fragment leaves out what it
 * does not show (empty lists, no graph, an empty strip).
 *
 * @param graph the chain, null in a fragment
 * @param queryError why the filter's query was refused, null when it was not
 * @param queryCaret the query with a caret under the refused spot
 */
record TimelinePage(Session roleSession, CallFilter filter, Slice<SessionCall> calls, List<ActionCount> breakdown,
		CallStrip strip, SessionGraph graph, String csvUrl, String jsonlUrl, String wholeUrl, String queryError,
		String queryCaret) {

	/** How much of the page a request renders. */
	enum Part {

		/** "Load more": further calls only. */
		ROWS,

		/** The filter's live update: the calls, their breakdown and their strip. */
		CALLS,

		/** The whole page. */
		PAGE

	}
}
