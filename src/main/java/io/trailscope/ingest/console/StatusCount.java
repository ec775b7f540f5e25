package io.trailscope.ingest.console;

import io.trailscope.ingest.Ledger;

/** Ledger rows of one status and the events they account for. */
record StatusCount(String status, long objects, long loaded, long duplicates, long rejected) {
}
