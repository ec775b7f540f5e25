package io.trailscope.ingest;

import java.sql.SQLException;

/**
 * Another load stored some of the same events while this one ran (overlapping trails, a
 * duplicate notification handled by a second consumer). The load is rolled back; loading the
 * object again finds those events stored and skips them.
 */
class ConcurrentLoadException extends RuntimeException {

	ConcurrentLoadException(SQLException cause) {
		super("another load stored the same events at the same time: " + cause.getMessage(), cause);
	}
}
