package io.trailscope.investigations;

import java.security.Principal;
import java.time.Instant;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

/**
 * Saves and deletes the signed-in user's searches. Both are plain form POSTs (redirect
 * after post) that htmx enhances: an htmx save answers with the confirmation fragment in
 * place of the form, an htmx delete with nothing, so the row disappears.
 */
@Controller
class SavedSearchController {

	static final int MAX_NAME = 200;

	private final SavedSearches saved;

	SavedSearchController(SavedSearches saved) {
		this.saved = saved;
	}

	@PostMapping("/investigations/saved")
	String save(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String query,
			Principal user, HtmxRequest htmx, Model model, HttpServletResponse response) {
		String trimmed = name.strip();
		SearchQuery search;
		try {
			search = SearchQuery.parse(query);
		}
		catch (IllegalArgumentException ex) {
			search = null;
		}
		if (trimmed.isEmpty() || trimmed.length() > MAX_NAME || search == null) {
			if (!htmx.isHtmxRequest()) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
			}
			model.addAttribute("query", query);
			model.addAttribute("problem", (search == null) ? "That search is too long to save."
					: "Give the search a name of at most " + MAX_NAME + " characters.");
			return "fragments/save-search :: form(query=${query})";
		}
		SavedSearch saved = save(user.getName(), trimmed, search);
		if (!htmx.isHtmxRequest()) {
			return "redirect:/investigations";
		}
		model.addAttribute("saved", saved);
		return "fragments/save-search :: saved";
	}

	private SavedSearch save(String owner, String name, SearchQuery query) {
		SavedSearch search = this.saved.findByOwnerAndName(owner, name).orElse(null);
		if (search == null) {
			search = new SavedSearch(owner, name, query, Instant.now());
		}
		else {
			search.replaceQuery(query);
		}
		return this.saved.save(search);
	}

	@PostMapping("/investigations/saved/{id}/delete")
	String delete(@PathVariable long id, Principal user, HtmxRequest htmx, HttpServletResponse response) {
		SavedSearch search = this.saved.findByIdAndOwner(id, user.getName())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		this.saved.delete(search);
		return htmx.isHtmxRequest() ? "investigations/index :: nothing" : "redirect:/investigations";
	}

}
