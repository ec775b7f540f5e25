/**
 * Objects read from S3: one object by bucket and key (after a HEAD, or as a listing found
 * it), and backfills of a prefix, paginated, resumable and limited by the date in the key
 * path, with their runs in {@code backfills}.
 */
package io.trailscope.ingest.s3;
