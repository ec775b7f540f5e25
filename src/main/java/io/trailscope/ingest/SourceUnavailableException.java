package io.trailscope.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reading the object's bytes failed (the connection to S3 dropped, the file went away). Unlike
 * {@link MalformedInputException} this may pass, so the load is rolled back and retried.
 */
class SourceUnavailableException extends UncheckedIOException {

	SourceUnavailableException(String message, IOException cause) {
		super(message, cause);
	}
}
