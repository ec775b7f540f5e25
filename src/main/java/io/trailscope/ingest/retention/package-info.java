/**
 * Retention: whole months of events dropped once they are older than
 * {@code trailscope.retention.max-age}, announced inside the dropping transaction so that
 * derived data goes with them.
 */
package io.trailscope.ingest.retention;
