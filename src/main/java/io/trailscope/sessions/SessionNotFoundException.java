package io.trailscope.sessions;

/** No session matches: rendered as a 404 page that says why. */
class SessionNotFoundException extends RuntimeException {

	SessionNotFoundException(String message) {
		super(message);
	}

}
