package io.trailscope.ingest;

import java.time.Instant;

/**
 * Published after an object's events are committed, for modules that derive data from new
 * events (session reconstruction) without the ingest module knowing them.
 *
 * @param objectId the ledger id of the object; its new rows carry it in
 * {@code events.object_id}
 * @param loaded how many new events were stored
 * @param oldest the earliest event time among them
 * @param newest the latest event time among them
 */
public record EventsIngested(long objectId, long loaded, Instant oldest, Instant newest) {
}
