package io.trailscope.events;

/** No stored event has the ID: rendered as a 404 page that says so. */
class EventNotFoundException extends RuntimeException {

	EventNotFoundException(String message) {
		super(message);
	}

}
