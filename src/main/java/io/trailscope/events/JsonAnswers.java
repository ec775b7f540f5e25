package io.trailscope.events;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The error answer of the JSON endpoints to a search that cannot run: {@code {"error":
 * "..."}} (a timeout's 503 is {@link SearchErrors}').
 */
final class JsonAnswers {

	private JsonAnswers() {
	}

	/** A search that cannot run: what is wrong and where. */
	static ResponseEntity<Map<String, Object>> problem(String message) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", message));
	}

}
