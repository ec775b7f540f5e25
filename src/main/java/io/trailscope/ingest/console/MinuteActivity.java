package io.trailscope.ingest.console;

import java.time.Instant;

/** Objects that finished within one minute, and the new events they stored. */
record MinuteActivity(Instant minute, long files, long events, long failed) {
}
