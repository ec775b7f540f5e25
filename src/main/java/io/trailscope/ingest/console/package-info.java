/**
 * The Ingest page ({@code /ingest}, admins only): the ledger's latest and failed objects
 * with a Retry, activity and lag, backfills, uploads from the browser and the settings.
 * Its reads of the ledger and the event store are in {@code IngestPageReads}.
 *
 * <p>
 * Other modules use {@link io.trailscope.ingest.console.IngestHealth} (the lag and the
 * failed files in one line); everything else is package-private.
 */
package io.trailscope.ingest.console;
