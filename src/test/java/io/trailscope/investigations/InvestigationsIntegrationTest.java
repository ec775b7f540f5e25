package io.trailscope.investigations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import io.trailscope.TrailscopeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@AutoConfigureMockMvc
class InvestigationsIntegrationTest {

	private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

	@Autowired
	MockMvc mvc;

	@Autowired
	CannedInvestigations canned;

	@Test
	@WithMockUser(roles = "VIEWER")
	void linksEveryInvestigationToItsSearch() throws Exception {
		String page = page("/investigations");
		List<UriComponents> links = eventLinks(page);
		for (Investigation investigation : this.canned.all(Instant.now())) {
			if (investigation.range() != null) {
				assertThat(links).as(investigation.id()).anySatisfy((link) -> {
					assertThat(param(link, "q")).isEqualTo(investigation.query());
					assertThat(param(link, "range")).isEqualTo(investigation.range());
				});
			}
			for (Investigation.Window window : investigation.windows()) {
				assertThat(links).as(investigation.id() + " " + window.label()).anySatisfy((link) -> {
					assertThat(param(link, "q")).isEqualTo(investigation.query());
					assertThat(param(link, "from")).isEqualTo(window.from().toString());
					assertThat(param(link, "to")).isEqualTo(window.to().toString());
				});
			}
		}
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void runsAParameterisedInvestigation() throws Exception {
		String location = this.mvc.perform(get("/investigations/instance-launch").param("value", "i-0123456789abcdef0"))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		UriComponents link = UriComponentsBuilder.fromUriString(location).build();
		assertThat(link.getPath()).isEqualTo("/events");
		assertThat(param(link, "q")).isEqualTo("eventName:RunInstances i-0123456789abcdef0");
		assertThat(param(link, "range")).isEqualTo("all");
	}

	@Test
	@WithMockUser(roles = "VIEWER")
	void explainsAValueItCannotUse() throws Exception {
		this.mvc.perform(get("/investigations/instance-launch").param("value", "<b>i-nope</b>"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("&lt;b&gt;i-nope&lt;/b&gt;")))
			.andExpect(content().string(containsString("an instance ID such as")));
		this.mvc.perform(get("/investigations/root-activity").param("value", "x")).andExpect(status().isNotFound());
	}

	@Test
	void savesListsReplacesAndDeletesOwnSearches() throws Exception {
		String owner = "saver-" + System.nanoTime();
		save(owner, "Failed sign-ins", "q=eventName:ConsoleLogin errorMessage:*&range=7d").andExpect(status().isFound())
			.andExpect(redirectedUrl("/investigations"));
		this.mvc.perform(get("/investigations").with(user(owner).roles("VIEWER")))
			.andExpect(content().string(containsString("Failed sign-ins")))
			.andExpect(content()
				.string(containsString("href=\"/events?q=eventName%3AConsoleLogin+errorMessage%3A*&amp;range=7d\"")));

		this.mvc
			.perform(post("/investigations/saved").param("name", "Failed sign-ins")
				.param("query", "q=eventName:ConsoleLogin&range=30d")
				.header("HX-Request", "true")
				.with(user(owner).roles("VIEWER"))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andExpect(content().string(containsString("Saved as")))
			.andExpect(content().string(not(containsString("<html"))));
		String page = saved(page("/investigations", owner));
		assertThat(page).contains("range=30d").doesNotContain("range=7d");

		String other = "other-" + System.nanoTime();
		assertThat(page("/investigations", other)).doesNotContain("Failed sign-ins");
		long id = savedId(page);
		this.mvc.perform(post("/investigations/saved/{id}/delete", id).with(user(other).roles("VIEWER")).with(csrf()))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(post("/investigations/saved/{id}/delete", id).header("HX-Request", "true")
				.with(user(owner).roles("VIEWER"))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(""));
		assertThat(page("/investigations", owner)).doesNotContain("Failed sign-ins");
	}

	@Test
	void escapesNamesAndQueries() throws Exception {
		String owner = "escaper-" + System.nanoTime();
		save(owner, "<script>alert(1)</script>", "q=\"><img src=x>").andExpect(status().isFound());
		assertThat(page("/investigations", owner)).doesNotContain("<script>alert")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.doesNotContain("<img");
	}

	@Test
	void asksForANameInPlace() throws Exception {
		this.mvc
			.perform(post("/investigations/saved").param("name", " ")
				.param("query", "q=x")
				.header("HX-Request", "true")
				.with(user("nameless").roles("VIEWER"))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Give the search a name")))
			.andExpect(content().string(containsString("value=\"q=x\"")));
		save("nameless", "", "q=x").andExpect(status().isBadRequest());
	}

	private ResultActions save(String owner, String name, String query) throws Exception {
		return this.mvc.perform(post("/investigations/saved").param("name", name)
			.param("query", query)
			.with(user(owner).roles("VIEWER"))
			.with(csrf()));
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	private String page(String path, String owner) throws Exception {
		return this.mvc.perform(get(path).with(user(owner).roles("VIEWER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static String saved(String page) {
		return page.substring(page.indexOf("Your saved searches"));
	}

	private static long savedId(String page) {
		Matcher matcher = Pattern.compile("/investigations/saved/(\\d+)/delete").matcher(page);
		assertThat(matcher.find()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static List<UriComponents> eventLinks(String page) {
		List<UriComponents> links = new ArrayList<>();
		Matcher matcher = HREF.matcher(page);
		while (matcher.find()) {
			String href = HtmlUtils.htmlUnescape(matcher.group(1));
			if (href.startsWith("/events?")) {
				links.add(UriComponentsBuilder.fromUri(URI.create(href)).build());
			}
		}
		return links;
	}

	private static String param(UriComponents link, String name) {
		String value = link.getQueryParams().getFirst(name);
		return (value != null) ? UriUtils.decode(value.replace("+", "%20"), StandardCharsets.UTF_8) : null;
	}

}
