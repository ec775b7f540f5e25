/**
 * Ingest: notification → S3 object → streamed records → PostgreSQL.
 *
 * <p>
 * This package is the pipeline. Every source hands objects
 * ({@link io.trailscope.ingest.ObjectRef} and an
 * {@link io.trailscope.ingest.ObjectOpener}) to
 * {@link io.trailscope.ingest.IngestService}, which claims them in the
 * {@link io.trailscope.ingest.Ledger}, reads and normalises the records (sub-package
 * {@code record}, which knows nothing else of ingest) and COPYs those not yet stored into
 * the partitioned {@code events} table ({@code EventWriter},
 * {@link io.trailscope.ingest.EventPartitions}), writing the ledger row in the same
 * transaction. It announces {@link io.trailscope.ingest.EventsIngested} after each
 * commit.
 *
 * <p>
 * Its sub-packages are where objects come from and what shows them: {@code queue} (the
 * SQS listener and the notifications it reads), {@code s3} (S3 objects, listings and
 * backfills), {@code local} (files, zips and the command line), {@code retention}
 * (dropping old months, announced as {@link io.trailscope.ingest.EventPartitionsDropped})
 * and {@code console} (the Ingest page). They use only the public types of the pipeline
 * (this package and {@code record}), and the pipeline knows none of them. Writes events;
 * depends on no other feature module.
 */
package io.trailscope.ingest;
