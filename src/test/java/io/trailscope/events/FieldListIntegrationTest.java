package io.trailscope.events;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The field list against real PostgreSQL: core fields, the paths of the matching records
 * with how many carry each, and one field's values with the links that include, exclude,
 * add it as a column and group by it. Messy records (a key with a space, a blank value,
 * an array of objects) are among them. The trail lies in a day of its own.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldListIntegrationTest {

	@Autowired
	IngestService ingest;

	@Autowired
	MockMvc mvc;

	final TestTrail trail = new TestTrail();

	Instant day;

	@BeforeAll
	void load() {
		this.day = TestTrail.dayOfItsOwn(2015, 1);
		this.trail.add("PutWidget", this.day.plus(Duration.ofMinutes(1)))
			.set("requestParameters.widgetName", "blue")
			.set("requestParameters.odd key", "x");
		this.trail.add("PutWidget", this.day.plus(Duration.ofMinutes(2)))
			.set("requestParameters.widgetName", "blue")
			.set("requestParameters.tags",
					JsonMapper.builder().build().readTree("[{\"key\":\"team\",\"value\":\"red\"}]"));
		this.trail.add("PutWidget", this.day.plus(Duration.ofMinutes(3))).set("requestParameters.widgetName", "green");
		this.trail.add("GetWidget", this.day.plus(Duration.ofMinutes(4))).set("requestParameters.widgetName", "");
		this.trail.load(this.ingest);
	}

	@Test
	void listsTheCoreFieldsThenThePathsOfTheMatchingRecordsWithHowManyCarryEach() throws Exception {
		String page = html("/events/fields?q=eventName:PutWidget&" + window());
		assertThat(all(page, "<span class=\"name\"[^>]*>([^<]+)</span>")).startsWith("Event name", "Event source",
				"Principal");
		// a path that is a core field is listed once, as the core field
		assertThat(all(page, "<h4 class=\"path-head\">([^<]+)</h4>")).contains("requestParameters")
			.doesNotContain("userIdentity");
		assertThat(page).containsPattern("title=\"requestParameters.widgetName\">widgetName</span>\\s*"
				+ "<span class=\"n muted small\" title=\"3 of 3 sampled records\">3</span>");
		// through an array, without its index, as the query language reads it
		assertThat(all(page, "<span class=\"name\"[^>]*>([^<]+)</span>")).contains("tags.key", "tags.value");
		assertThat(all(page, "<span class=\"name unnameable\"[^>]*>([^<]+)</span>")).contains("odd key");
		assertThat(page).contains("newest 3 matching");
	}

	@Test
	void aFieldsValuesLinkToIncludeExcludeAddAColumnAndGroupBy() throws Exception {
		String values = html("/events/field?field=requestParameters.widgetName&q=eventName:PutWidget&" + window());
		assertThat(all(values, "class=\"include\" href=\"[^\"]*\"[^>]*>([^<]+)</a>")).containsExactly("blue", "green");
		assertThat(all(values, "<span class=\"n\">([^<]+)</span>")).containsExactly("2", "1");
		String include = all(values, "class=\"include\" href=\"([^\"]*)\"").get(0).replace("&amp;", "&");
		assertThat(include).contains("requestParameters.widgetName%3Ablue");
		assertThat(all(values, "class=\"exclude\" href=\"([^\"]*)\"").get(0))
			.contains("-requestParameters.widgetName%3Ablue");
		assertThat(all(values, "class=\"add-column\" href=\"([^\"]*)\"").get(0))
			.contains("col=requestParameters.widgetName")
			.contains("col=time");
		assertThat(all(values, "class=\"group-by\"[^>]* href=\"([^\"]*)\"").get(0)).startsWith("/events/stats?")
			.contains("by=requestParameters.widgetName");

		String included = html(include);
		assertThat(all(included, "<tr( class=\"failed\")?>\\s*<td class=\"pick\">")).hasSize(2);
	}

	@Test
	void aBlankValueIsShownAndFoundAsSuch() throws Exception {
		String values = html("/events/field?field=requestParameters.widgetName&q=eventName:GetWidget&" + window());
		assertThat(all(values, "class=\"include\" href=\"[^\"]*\"[^>]*>([^<]+)</a>")).containsExactly("&quot;&quot;");
		String errors = html("/events/field?field=errorCode&q=eventName:GetWidget&" + window());
		assertThat(errors).containsPattern("<li class=\"none\">\\s*<a class=\"include\"[^>]*>\\(none\\)</a>");
	}

	@Test
	void aCoreFieldShownAsAColumnOffersNoSecondColumn() throws Exception {
		String values = html("/events/field?field=eventName&" + window());
		assertThat(values).doesNotContain("add-column").contains("class=\"group-by\"");
	}

	@Test
	void aFieldThatCannotBeCountedSaysWhy() throws Exception {
		this.mvc.perform(get("/events/field?field=resource&" + window()).header("HX-Request", "true"))
			.andExpect(status().isBadRequest());
	}

	private String html(String url) throws Exception {
		return this.mvc.perform(get(URI.create(url)).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static List<String> all(String html, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(html);
		List<String> found = new ArrayList<>();
		while (matcher.find()) {
			found.add(matcher.groupCount() > 0 && matcher.group(1) != null ? matcher.group(1) : matcher.group());
		}
		return found;
	}

	private String window() {
		return "from=" + this.day + "&to=" + this.day.plus(Duration.ofDays(1));
	}

}
