package io.trailscope.ingest;

import java.sql.SQLException;

/**
 * The COPY met a key the look-up before it missed: usually another load stored some of the same
 * events while this one ran (overlapping trails, a duplicate notification handled by a second
 * consumer), rarely two keys that differ in Java and are equal once stored. The load is rolled
 * back and the object loaded again, inserting only what the store lacks.
 */
class ConcurrentLoadException extends RuntimeException {

	ConcurrentLoadException(SQLException cause) {
		super("the store already had a key the look-up did not find: " + cause.getMessage(), cause);
	}
}
