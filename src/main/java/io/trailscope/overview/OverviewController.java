package io.trailscope.overview;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The start page {@code /}: the whole overview of a period ({@code range} or
 * {@code from}/{@code to}), whose parts load themselves as htmx requests of the same URL
 * with {@code part}; without scripts the same URL is a link that shows the page with that
 * part filled in.
 */
@Controller
class OverviewController {

	private final Overview overview;

	private final Clock clock;

	OverviewController(Overview overview, Clock clock) {
		this.overview = overview;
		this.clock = clock;
	}

	@GetMapping("/")
	String overview(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx,
			Authentication authentication, HttpServletResponse response, Model model) {
		boolean fragment = htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
		boolean admin = authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
		OverviewPage page = this.overview.read(parameters, admin, fragment,
				this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		if (page.problem() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		model.addAttribute("page", page);
		String part = parameters.getFirst("part");
		if (!fragment || part == null || part.isBlank()) {
			return "overview";
		}
		// a part that cannot be read says why in its own place; the fragment is named by
		// the
		// part as recognised, never by the request's text, which a view name would
		// evaluate
		return (page.problem() != null) ? "overview :: problem"
				: "overview :: " + Overview.Part.of(part.strip()).orElseThrow().id();
	}

}
