package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The query box's suggestions against real PostgreSQL: names where a term starts, the
 * values of the time range after a colon, most frequent first, and what replaces what.
 * The trail lies in a day of its own, so its values are the only ones of its range.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuerySuggestionsIntegrationTest {

	@Autowired
	IngestService ingest;

	@Autowired
	MockMvc mvc;

	final TestTrail trail = new TestTrail();

	Instant day;

	@BeforeAll
	void load() {
		this.day = TestTrail.dayOfItsOwn(2016, 1);
		for (int i = 0; i < 3; i++) {
			this.trail.add("DescribeWidgets", this.day.plus(Duration.ofMinutes(10 + i)));
		}
		this.trail.add("DeleteWidget", this.day.plus(Duration.ofMinutes(20)))
			.set("requestParameters.widgetName", "blue widget");
		this.trail.add("ListWidgets", this.day.plus(Duration.ofMinutes(30)))
			.set("userAgent", "aws-cli/2.15 Python/3.11 (spaced agent)");
		this.trail.load(this.ingest);
	}

	@Test
	void aFieldsValuesAreTheRangesMostFrequentFirstFilteredByWhatIsTyped() throws Exception {
		suggest("eventName:De", 12).andExpect(status().isOk())
			.andExpect(jsonPath("$.start").value(0))
			.andExpect(jsonPath("$.end").value(12))
			.andExpect(jsonPath("$.items[0].kind").value("value"))
			.andExpect(jsonPath("$.items[0].label").value("DescribeWidgets"))
			.andExpect(jsonPath("$.items[0].count").value(3))
			.andExpect(jsonPath("$.items[0].insert").value("eventName:DescribeWidgets "))
			.andExpect(jsonPath("$.items[1].label").value("DeleteWidget"))
			.andExpect(jsonPath("$.items[1].count").value(1))
			.andExpect(jsonPath("$.items[2].insert").value("eventName:De* "));
	}

	@Test
	void aValueThatNeedsQuotesIsInsertedQuoted() throws Exception {
		suggest("-agent:\"aws-cli/2.15 P", 21)
			.andExpect(jsonPath("$.items[0].insert").value("-agent:\"aws-cli/2.15 Python/3.11 (spaced agent)\" "));
	}

	@Test
	void anEmptyValueOffersEveryValueAndTheWildcard() throws Exception {
		suggest("errorCode:* eventName:", 22)
			.andExpect(jsonPath("$.items[*].label", hasItems("DescribeWidgets", "DeleteWidget", "ListWidgets", "*")))
			.andExpect(jsonPath("$.start").value(12));
	}

	@Test
	void aTermStartOffersFieldsAndAliasesWithWhatTheyMean() throws Exception {
		suggest("eventN", 6).andExpect(jsonPath("$.items[0].kind").value("field"))
			.andExpect(jsonPath("$.items[0].label").value("eventName"))
			.andExpect(jsonPath("$.items[0].insert").value("eventName:"))
			.andExpect(jsonPath("$.items[0].example").value("event:ConsoleLogin"));
		suggest("acc", 3).andExpect(jsonPath("$.items[0].label").value("account"))
			.andExpect(jsonPath("$.items[0].insert").value("account:"))
			.andExpect(jsonPath("$.items[0].detail", startsWith("Alias of recipientAccountId.")));
		suggest("requestPar", 10).andExpect(jsonPath("$.items[0].insert").value("requestParameters."));
	}

	@Test
	void betweenTermsTheOperatorsAreOffered() throws Exception {
		suggest("eventName:Get* ", 15).andExpect(jsonPath("$.items[*].label", hasItems("AND", "OR", "NOT")));
		suggest("eventName:Get* O", 16).andExpect(jsonPath("$.items[0].label").value("OR"))
			.andExpect(jsonPath("$.items[0].insert").value("OR "));
	}

	@Test
	void aValueInAGroupReplacesOnlyItself() throws Exception {
		suggest("eventName:(ListWidgets OR Desc", 30).andExpect(jsonPath("$.start").value(26))
			.andExpect(jsonPath("$.items[0].insert").value("DescribeWidgets"));
	}

	@Test
	void anUnknownFieldIsSaidSoInsteadOfValues() throws Exception {
		suggest("nosuchfield:x", 13).andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].kind").value("hint"))
			.andExpect(jsonPath("$.items[0].insert").doesNotExist())
			.andExpect(jsonPath("$.items[0].label", startsWith("Unknown field 'nosuchfield'")));
	}

	@Test
	void valuesOfARecordPathComeFromTheRecords() throws Exception {
		suggest("requestParameters.widgetName:bl", 31)
			.andExpect(jsonPath("$.items[*].insert", hasItem("requestParameters.widgetName:\"blue widget\" ")))
			.andExpect(jsonPath("$.items[0].estimate").value(true));
	}

	private ResultActions suggest(String q, int caret) throws Exception {
		return this.mvc.perform(get("/events/suggest").param("q", q)
			.param("caret", String.valueOf(caret))
			.param("from", this.day.toString())
			.param("to", this.day.plus(Duration.ofDays(1)).toString()));
	}

}
