package io.trailscope.events;

import java.util.ArrayList;
import java.util.List;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.query.Query;
import io.trailscope.query.QueryParser;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.Field;
import io.trailscope.query.Fields;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
class QueryHelpControllerTest {

	@Autowired
	MockMvc mvc;

	@Test
	void listsEveryFieldWithItsAliases() throws Exception {
		String page = this.mvc.perform(get("/events/help"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		for (Field field : Fields.all()) {
			assertThat(page).contains("<code>" + field.name() + "</code>");
			field.aliases().forEach((alias) -> assertThat(page).contains(alias));
		}
		assertThat(page).contains("eventName:consolelogin").contains("ip:72.21.0.0/16");
	}

	@Test
	void examplesAreLinksThatRunThem() throws Exception {
		this.mvc.perform(get("/events/help"))
			.andExpect(content()
				.string(containsString("href=\"/events?q=userIdentity.type:(IAMUser%20OR%20Root)&amp;range=7d\"")));
	}

	@Test
	@WithMockUser(roles = "NOBODY")
	void needsTheViewerRole() throws Exception {
		this.mvc.perform(get("/events/help")).andExpect(status().isForbidden());
	}

	@Test
	void everyExampleOnThePageParsesAndCompiles() {
		List<String> queries = new ArrayList<>();
		QueryHelpController.FORMS.forEach((form) -> queries.add(form.example()));
		QueryHelpController.EXAMPLES.forEach((example) -> queries.add(example.query()));
		Fields.all().forEach((field) -> queries.add(field.exampleQuery()));
		QueryCompiler compiler = new QueryCompiler();
		for (String query : queries) {
			Query parsed = QueryParser.parse(query);
			assertThat(parsed).as(query).isNotEqualTo(new Query.All());
			assertThat(compiler.compile(parsed, "q").sql()).as(query).isNotBlank();
		}
	}

}
