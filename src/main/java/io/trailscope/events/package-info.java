/**
 * The read model of CloudTrail events, searched with the query language of
 * {@link io.trailscope.query}: the search page {@code /events} with its filters, facets
 * and histogram, the group-by view {@code /events/stats}, and the event page
 * {@code /events/{eventId}}. Owns every read of the events table for search
 * ({@code EventStore} for rows, {@code Aggregations} for aggregations) and the rollups
 * {@code event_counts} that it derives from the events table ({@code EventCounts}, kept
 * by {@link io.trailscope.events.EventCountsWorker}, which listens to ingest's events;
 * ingest knows nothing of it).
 *
 * <p>
 * Other modules use {@link io.trailscope.events.EventSearch} (a search read from the same
 * URL parameters as {@code /events}), {@link io.trailscope.events.Events} (every matching
 * row or record, streamed), {@link io.trailscope.events.EventRow} and
 * {@link io.trailscope.events.EventOverview} (the span of all events, a window's events
 * over time, the top values of the core fields and a search's count, each with the URL of
 * the search that shows it); everything else is package-private.
 */
package io.trailscope.events;
