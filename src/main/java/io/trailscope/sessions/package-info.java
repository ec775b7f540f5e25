/**
 * Role sessions: from the event that issued temporary credentials (AssumeRole and its
 * kin, console sign-ins, service-assumed roles) to every call made with them, chained
 * sessions, and the human or service at the root of the chain.
 *
 * <p>
 * Sessions are derived from the events table after each ingest ({@code EventsIngested})
 * and can be rebuilt from it at any time; the ingest module knows nothing of them. The
 * linking rules are pure functions in {@link io.trailscope.sessions.SessionRules}; the
 * sessions table is written by {@code SessionStore} and read by it,
 * {@code SessionLineage} (how sessions chain) and {@code SessionList} (the list page).
 * {@link io.trailscope.sessions.Sessions#scope} expresses "the calls of one session" as
 * an {@link io.trailscope.query.SqlCondition} on the events alias {@code e}, the type the
 * query language compiles to, so that it combines with any search's own conditions.
 */
package io.trailscope.sessions;
