package io.trailscope.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens an object's bytes. Called inside the load's transaction, after the ledger claim,
 * so an object already loaded is never downloaded again.
 */
@FunctionalInterface
public interface ObjectOpener {

	/**
	 * @throws ObjectGoneException if the object no longer exists (a permanent failure)
	 * @throws IOException or any runtime exception for failures that may pass (retried)
	 */
	InputStream open() throws IOException;

	/**
	 * The object named by a notification does not exist (deleted, expired by a lifecycle
	 * rule).
	 */
	class ObjectGoneException extends RuntimeException {

		public ObjectGoneException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
