package io.trailscope.ingest.console;

/** Skipped objects of one kind and reason (digests, folder keys, empty objects, unrelated files). */
record SkipCount(String kind, String reason, long objects) {
}
