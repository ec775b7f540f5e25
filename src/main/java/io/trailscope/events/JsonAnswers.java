package io.trailscope.events;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The error answers of the JSON endpoints: {@code {"error": "..."}} with the status that fits. */
final class JsonAnswers {

	private JsonAnswers() {
	}

	/** A search that cannot run: what is wrong and where. */
	static ResponseEntity<Map<String, Object>> problem(String message) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", message));
	}

	static ResponseEntity<Map<String, Object>> unavailable(String message) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", message));
	}
}
