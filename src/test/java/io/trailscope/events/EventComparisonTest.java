package io.trailscope.events;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventComparisonTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void marksThePathsWhoseValuesDifferAndKeepsTheOrderFirstSeen() {
		EventComparison comparison = EventComparison
			.of(List.of(json("{\"eventName\":\"RunInstances\",\"sourceIPAddress\":\"1.2.3.4\",\"readOnly\":false}"),
					json("{\"eventName\":\"RunInstances\",\"sourceIPAddress\":\"5.6.7.8\",\"readOnly\":false}")));
		assertThat(comparison.rows()).extracting(EventComparison.Row::path)
			.containsExactly("eventName", "sourceIPAddress", "readOnly");
		assertThat(comparison.rows()).extracting(EventComparison.Row::differs).containsExactly(false, true, false);
		assertThat(comparison.differences()).isEqualTo(1);
		assertThat(comparison.differencesOnly().rows()).extracting(EventComparison.Row::path)
			.containsExactly("sourceIPAddress");
	}

	@Test
	void aPathOneRecordLacksIsADifferenceWithNoValueThere() {
		EventComparison comparison = EventComparison
			.of(List.of(json("{\"errorCode\":\"AccessDenied\"}"), json("{\"eventName\":\"X\"}")));
		assertThat(comparison.rows().get(0).values()).containsExactly("AccessDenied", null);
		assertThat(comparison.rows()).allMatch(EventComparison.Row::differs);
	}

	@Test
	void arraysKeepTheirIndexesAndEmptyContainersShow() {
		EventComparison comparison = EventComparison
			.of(List.of(json("{\"resources\":[{\"ARN\":\"a\"},{\"ARN\":\"b\"}],\"requestParameters\":{}}"),
					json("{\"resources\":[{\"ARN\":\"b\"},{\"ARN\":\"a\"}],\"requestParameters\":null}")));
		assertThat(comparison.rows()).extracting(EventComparison.Row::path)
			.containsExactly("resources[0].ARN", "resources[1].ARN", "requestParameters");
		assertThat(comparison.rows().get(2).values()).containsExactly("{}", "null");
	}

	@Test
	void aRecordNestedDeeperThanTheLimitIsComparedAsTextBelowIt() {
		String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
		EventComparison comparison = EventComparison.of(List.of(json(deep), json(deep)));
		assertThat(comparison.rows()).hasSize(1);
		assertThat(comparison.rows().get(0).path().split("\\.")).hasSize(EventComparison.MAX_DEPTH);
		assertThat(comparison.differences()).isZero();
	}

	@Test
	void aVeryLongValueIsCut() {
		char[] chars = new char[EventComparison.MAX_VALUE + 500];
		Arrays.fill(chars, 'x');
		EventComparison comparison = EventComparison
			.of(List.of(json("{\"m\":\"" + new String(chars) + "\"}"), json("{\"m\":\"y\"}")));
		assertThat(comparison.rows().get(0).values().get(0)).hasSize(EventComparison.MAX_VALUE + 1).endsWith("…");
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
