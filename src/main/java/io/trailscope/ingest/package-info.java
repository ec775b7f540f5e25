/**
 * Ingest: notification → S3 object → streamed records → PostgreSQL.
 *
 * <p>Every source (the SQS listener, an S3 backfill, a local import, a browser upload, the sample
 * trail) hands objects to {@link io.trailscope.ingest.IngestService}, which streams the records,
 * normalises them and COPYs those not yet stored into the partitioned {@code events} table, writing
 * the ledger row in the same transaction. Writes events;
 * depends on no other feature module.
 */
package io.trailscope.ingest;
