package io.trailscope.investigations;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The investigations page: canned searches and the signed-in user's saved ones. A
 * parameterised investigation (who launched this instance?) is a GET form that lands here
 * and is redirected to the events page with the value checked and placed in the query.
 */
@Controller
class InvestigationsController {

	private final CannedInvestigations canned;

	private final SavedSearches saved;

	InvestigationsController(CannedInvestigations canned, SavedSearches saved) {
		this.canned = canned;
		this.saved = saved;
	}

	@GetMapping("/investigations")
	String investigations(Principal user, Model model) {
		model.addAttribute("sections",
				this.canned.all(Instant.now())
					.stream()
					.collect(Collectors.groupingBy(Investigation::section, LinkedHashMap::new, Collectors.toList())));
		model.addAttribute("savedSearches", this.saved.findByOwnerOrderByNameAsc(user.getName()));
		return "investigations/index";
	}

	@GetMapping("/investigations/{id}")
	String run(@PathVariable String id, @RequestParam(defaultValue = "") String value, Model model) {
		Investigation investigation = this.canned.find(id, Instant.now())
			.filter((found) -> found.parameter() != null)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		String query = investigation.queryFor(value);
		if (query == null) {
			model.addAttribute("investigation", investigation);
			model.addAttribute("value", value);
			return "investigations/invalid";
		}
		return "redirect:" + UriComponentsBuilder.fromPath(SearchQuery.EVENTS)
			.queryParam("q", "{q}")
			.queryParam("range", "{range}")
			.encode()
			.buildAndExpand(query, investigation.range())
			.toUriString();
	}

}
