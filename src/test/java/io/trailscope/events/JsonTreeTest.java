package io.trailscope.events;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonTreeTest {

	static final JsonTree.Links LINKS = (path, value, string, excluded) -> (excluded ? "-" : "+") + path + "=" + value
			+ (string ? " (string)" : "");

	@Test
	void linksScalarsByTheirPathThroughArrays() {
		JsonTree tree = tree("""
				{"eventName":"RunInstances","readOnly":false,"requestParameters":{"instancesSet":{"items":[
				  {"instanceId":"i-0abc","count":2}]}},"responseElements":null}""");
		assertThat(tree.kind()).isEqualTo("object");
		JsonTree name = tree.children().get(0);
		assertThat(name.key()).isEqualTo("eventName");
		assertThat(name.includeUrl()).isEqualTo("+eventName=RunInstances (string)");
		assertThat(name.excludeUrl()).isEqualTo("-eventName=RunInstances (string)");
		assertThat(tree.children().get(1).includeUrl()).isEqualTo("+readOnly=false");
		JsonTree items = tree.children().get(2).children().get(0).children().get(0);
		assertThat(items.kind()).isEqualTo("array");
		JsonTree first = items.children().get(0);
		assertThat(first.key()).isEqualTo("[0]");
		assertThat(first.children().get(0).path()).isEqualTo("requestParameters.instancesSet.items.instanceId");
		assertThat(first.children().get(0).includeUrl())
			.isEqualTo("+requestParameters.instancesSet.items.instanceId=i-0abc (string)");
		assertThat(first.children().get(1).kind()).isEqualTo("number");
		JsonTree none = tree.children().get(3);
		assertThat(none.kind()).isEqualTo("null");
		assertThat(none.value()).isNull();
		assertThat(none.includeUrl()).isNull();
	}

	@Test
	void showsContainersBeyondTheDepthItDrawsAsTheirText() {
		String deep = "{\"a\":".repeat(400) + "1" + "}".repeat(400);
		JsonTree node = tree(deep);
		int depth = 0;
		while (node.container()) {
			node = node.children().get(0);
			depth++;
		}
		assertThat(depth).isEqualTo(JsonTree.MAX_DEPTH);
		assertThat(node.kind()).isEqualTo("deep");
		int below = 400 - JsonTree.MAX_DEPTH;
		assertThat(node.value()).isEqualTo("{\"a\":".repeat(below) + "1" + "}".repeat(below));
		assertThat(node.includeUrl()).isNull();
	}

	@Test
	void showsARecordTooDeepToParseAsItsTextCut() {
		String deeper = "[".repeat(10_000) + "]".repeat(10_000);
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> tree(deeper));
		JsonTree text = JsonTree.text(deeper);
		assertThat(text.container()).isFalse();
		assertThat(text.kind()).isEqualTo("deep");
		assertThat(text.value()).hasSize(JsonTree.MAX_COLLAPSED_TEXT + 2);
	}

	@Test
	void linksNoKeyAQueryCannotNameNorAValueTooLongToSend() {
		JsonTree tree = tree("{\"requestParameters\":{\"odd key\":\"x\",\"policy\":\"" + "p".repeat(2000) + "\"}}");
		JsonTree odd = tree.children().get(0).children().get(0);
		assertThat(odd.value()).isEqualTo("x");
		assertThat(odd.includeUrl()).isNull();
		JsonTree policy = tree.children().get(0).children().get(1);
		assertThat(policy.includeUrl()).isNull();
		assertThat(policy.value()).hasSize(2000);
	}

	private static JsonTree tree(String json) {
		return JsonTree.of(JsonMapper.builder().build().readTree(json), LINKS);
	}

}
