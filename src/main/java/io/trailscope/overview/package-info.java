/**
 * The start page {@code /}: what is loaded and what stands out in a period. Each number
 * links to the search on {@code /events} that shows exactly it. Its parts (activity,
 * volumes, notable events, ingest health for admins) are requests of their own, answered
 * from the read model's rollups through {@link io.trailscope.events.EventOverview}, the
 * canned searches of {@link io.trailscope.investigations.CannedSearches} and the ingest
 * line of {@link io.trailscope.ingest.console.IngestHealth}. Nothing depends on it.
 */
package io.trailscope.overview;
