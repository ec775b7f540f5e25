package io.trailscope.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import io.trailscope.query.Query;
import java.util.LinkedHashMap;

/**
 * {@code /events/{eventId}}: every stored copy of an event (one per recipient account, as
 * a cross-account call is delivered to both sides), each with its summary, its related
 * events and the full record as a collapsible tree whose values link to searches.
 */
@Controller
class EventDetailController {

	/** How far around the event "same principal" looks. */
	static final Duration NEARBY = Duration.ofMinutes(15);

	/** How far around the event requests and copies are looked for. */
	static final Duration SAME_CALL = Duration.ofDays(1);

	private final EventStore store;

	private final ObjectMapper mapper;

	private final Clock clock;

	EventDetailController(EventStore store, ObjectMapper mapper, Clock clock) {
		this.store = store;
		this.mapper = mapper;
		this.clock = clock;
	}

	@GetMapping("/events/{eventId}")
	String detail(@PathVariable String eventId, Model model) {
		List<EventRow> rows = this.store.copies(eventId);
		if (rows.isEmpty()) {
			throw new EventNotFoundException("No event with ID " + eventId + " is stored.");
		}
		Instant now = this.clock.instant();
		List<Copy> copies = new ArrayList<>();
		for (EventRow row : rows) {
			JsonNode record;
			JsonTree tree;
			try {
				record = this.mapper.readTree(row.record());
				Map<String, String> wide = wide(row.eventTime(), now);
				tree = JsonTree.of(record, (path, value, string, excluded) -> {
					Query match = new Query.Match(path, value, string);
					return search(excluded ? Query.not(match) : match, wide);
				});
			}
			catch (JacksonException ex) {
				// nested deeper than the parser reads: the page shows the text
				record = this.mapper.createObjectNode();
				tree = JsonTree.text(row.record());
			}
			copies.add(new Copy("copy-" + row.recipientAccountId(), row, EventSummary.of(row, record), tree,
					related(row, record, now)));
		}
		model.addAttribute("eventId", eventId);
		model.addAttribute("copies", copies);
		return "events/detail";
	}

	@ExceptionHandler(EventNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(EventNotFoundException ex, Model model) {
		model.addAttribute("message", ex.getMessage());
		return "events/not-found";
	}

	private List<Related> related(EventRow row, JsonNode record, Instant now) {
		List<Related> related = new ArrayList<>();
		Map<String, String> call = between(row.eventTime().minus(SAME_CALL), row.eventTime().plus(SAME_CALL));
		String requestId = text(record.path("requestID"));
		if (requestId != null) {
			related.add(new Related("Same request ID", requestId,
					search(Query.Match.quoted("requestID", requestId), call)));
		}
		String shared = text(record.path("sharedEventID"));
		if (shared != null) {
			related.add(new Related("Same shared event ID (the other account's copy)", shared,
					search(Query.Match.quoted("sharedEventID", shared), call)));
		}
		Map<String, String> nearby = between(row.eventTime().minus(NEARBY), row.eventTime().plus(NEARBY));
		if (row.principalArn() != null) {
			related.add(new Related("Same principal within ±15 minutes", row.principalArn(),
					search(Query.Match.quoted("userIdentity.arn", row.principalArn()), nearby)));
		}
		else if (row.principal() != null && !row.principal().isBlank()) {
			related.add(new Related("Same principal within ±15 minutes", row.principal(),
					search(Query.Match.quoted("principal", row.principal()), nearby)));
		}
		Map<String, String> wide = wide(row.eventTime(), now);
		for (JsonNode resource : record.path("resources")) {
			String arn = text(resource.path("ARN"));
			if (arn != null) {
				related.add(new Related("Same resource", arn, search(Query.Match.quoted("resource", arn), wide)));
			}
		}
		return related;
	}

	/** The last 30 days when the event is in them, otherwise the 30 days around it. */
	private static Map<String, String> wide(Instant time, Instant now) {
		if (time.isAfter(now.minus(Duration.ofDays(30)))) {
			return Map.of("range", "30d");
		}
		return between(time.minus(Duration.ofDays(15)), time.plus(Duration.ofDays(15)));
	}

	private static Map<String, String> between(Instant from, Instant to) {
		return new LinkedHashMap<>(Map.of("from", from.toString(), "to", to.toString()));
	}

	static String search(Query query, Map<String, String> time) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		parameters.put("q", List.of(query.toQueryString()));
		time.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach(e -> parameters.put(e.getKey(), List.of(e.getValue())));
		return Urls.of("/events", parameters);
	}

	private static String text(JsonNode node) {
		return (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) ? null : node.asString();
	}

	/** One stored copy of the event. */
	record Copy(String anchor, EventRow row, EventSummary summary, JsonTree tree, List<Related> related) {
	}

	/** A search for events related to this one. */
	record Related(String label, String value, String url) {
	}

}
