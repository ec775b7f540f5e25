package io.trailscope.events;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /events/suggest}: the query box's suggestions for the term at the caret
 * ({@code q}, {@code caret}, default the end), values counted under the time range of
 * {@code range} / {@code from} / {@code to}. JSON, for the script that draws the list:
 * {@code {"start", "end", "items": [{"kind", "label", "insert", "detail", "example",
 * "count", "estimate"}]}}; choosing an item replaces {@code start..end} of the query with
 * its {@code insert}.
 */
@RestController
class QuerySuggestionController {

	private final QuerySuggestions suggestions;

	private final Clock clock;

	QuerySuggestionController(QuerySuggestions suggestions, Clock clock) {
		this.suggestions = suggestions;
		this.clock = clock;
	}

	@GetMapping("/events/suggest")
	ResponseEntity<Map<String, Object>> suggest(@RequestParam(defaultValue = "") String q,
			@RequestParam(required = false) Integer caret, @RequestParam MultiValueMap<String, String> parameters) {
		MultiValueMap<String, String> time = new LinkedMultiValueMap<>();
		for (String name : List.of(EventSearch.RANGE, EventSearch.FROM, EventSearch.TO)) {
			List<String> values = parameters.get(name);
			if (values != null) {
				time.put(name, values);
			}
		}
		EventSearch range = EventSearch.of(time, this.clock.instant());
		QuerySuggestions.Suggestions answer = this.suggestions.suggest(q, (caret == null) ? q.length() : caret, range);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer.json());
	}

}
