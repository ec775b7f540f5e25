package io.trailscope.ingest.console;

/**
 * Objects not loaded, of one status, kind and reason: skipped (digests, folder keys,
 * empty objects, unrelated files) or refused (outside the allowed buckets).
 */
record SkipCount(String status, String kind, String reason, long objects) {
}
