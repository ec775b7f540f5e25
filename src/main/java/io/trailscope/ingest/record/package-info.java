/**
 * What an object's bytes become: {@link io.trailscope.ingest.record.CloudTrailReader}
 * frames and parses the records of a gzipped or plain CloudTrail file within the
 * {@link io.trailscope.ingest.record.IngestLimits}, and
 * {@link io.trailscope.ingest.record.RecordNormalizer} turns each into a
 * {@link io.trailscope.ingest.record.NormalizedEvent} (the columns people filter on, the
 * search terms, the record with its secrets redacted by
 * {@link io.trailscope.ingest.record.Redactor}).
 *
 * <p>
 * Pure functions of the bytes and the limits: no database, no S3, no Spring beans. The
 * pipeline ({@code io.trailscope.ingest}) calls it; it knows nothing else of ingest, so
 * it can be tested and benchmarked on its own. Splits search terms by the query
 * language's rule ({@link io.trailscope.query.SearchTerms}), so that what is stored is
 * what a search looks for.
 */
package io.trailscope.ingest.record;
