package io.trailscope.ingest;

/**
 * The object named by a notification does not exist (deleted, expired by a lifecycle
 * rule).
 */
public class ObjectGoneException extends RuntimeException {

	public ObjectGoneException(String message, Throwable cause) {
		super(message, cause);
	}

}
