package io.trailscope.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /events/compare?id=…&id=…}: two to five events' records side by side, the paths
 * where they differ marked ({@code diff=only} shows only those), as the CloudTrail
 * console's compare does. Of an event stored more than once (one copy per account of a
 * cross-account call) the first copy is compared.
 */
@Controller
class EventCompareController {

	static final int MIN = 2;

	static final int MAX = 5;

	private final EventStore store;

	private final ObjectMapper mapper;

	EventCompareController(EventStore store, ObjectMapper mapper) {
		this.store = store;
		this.mapper = mapper;
	}

	@GetMapping("/events/compare")
	String compare(@RequestParam(name = "id", required = false) List<String> ids,
			@RequestParam(name = "diff", required = false) String diff, HttpServletResponse response, Model model) {
		Set<String> distinct = new LinkedHashSet<>();
		if (ids != null) {
			ids.stream().filter(id -> id != null && !id.isBlank()).map(String::strip).forEach(distinct::add);
		}
		model.addAttribute("ids", List.copyOf(distinct));
		model.addAttribute("onlyDifferences", "only".equals(diff));
		if (distinct.size() < MIN || distinct.size() > MAX) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", "Choose " + MIN + " to " + MAX + " events to compare (" + distinct.size()
					+ (distinct.size() == 1 ? " was" : " were") + " chosen): tick them in the results.");
			return "events/compare";
		}
		List<EventRow> rows = new ArrayList<>();
		List<JsonNode> records = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (String id : distinct) {
			List<EventRow> copies = this.store.copies(id);
			if (copies.isEmpty()) {
				missing.add(id);
				continue;
			}
			rows.add(copies.get(0));
			records.add(read(copies.get(0).record()));
		}
		if (!missing.isEmpty()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
			model.addAttribute("problem", "No event with ID " + String.join(", ", missing) + " is stored.");
			return "events/compare";
		}
		EventComparison comparison = EventComparison.of(records);
		model.addAttribute("events", rows);
		model.addAttribute("comparison", "only".equals(diff) ? comparison.differencesOnly() : comparison);
		return "events/compare";
	}

	private JsonNode read(String record) {
		try {
			return this.mapper.readTree(record);
		}
		catch (JacksonException ex) {
			// nested deeper than the parser reads: compared as its text
			return this.mapper.getNodeFactory().stringNode(record);
		}
	}

}
