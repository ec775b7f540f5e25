package io.trailscope.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Records side by side, one row per path of any of them, marked where they differ: what
 * tells a replayed call from the real one (another address, agent or key) or two calls of
 * a deployment apart. Arrays keep their indexes ({@code resources[0].ARN}), so a
 * reordered list shows as different.
 *
 * @param rows every path in the order first seen
 * @param differences how many rows differ
 */
record EventComparison(List<Row> rows, int differences) {

	/** Deeper than CloudTrail nests: below it the rest is compared as its JSON text. */
	static final int MAX_DEPTH = 32;

	/** Longer values are cut for the page; the event page shows them whole. */
	static final int MAX_VALUE = 2_000;

	static EventComparison of(List<JsonNode> records) {
		List<Map<String, String>> flat = new ArrayList<>();
		Set<String> paths = new LinkedHashSet<>();
		for (JsonNode record : records) {
			Map<String, String> values = new LinkedHashMap<>();
			flatten("", record, values, 0);
			flat.add(values);
			paths.addAll(values.keySet());
		}
		List<Row> rows = new ArrayList<>();
		int differences = 0;
		for (String path : paths) {
			List<String> values = flat.stream().map(record -> record.get(path)).toList();
			boolean differs = values.stream().distinct().count() > 1;
			differences += differs ? 1 : 0;
			rows.add(new Row(path, values, differs));
		}
		return new EventComparison(rows, differences);
	}

	/** Only the rows that differ. */
	EventComparison differencesOnly() {
		return new EventComparison(this.rows.stream().filter(Row::differs).toList(), this.differences);
	}

	private static void flatten(String path, JsonNode node, Map<String, String> into, int depth) {
		if (node == null) {
			return;
		}
		if ((node.isObject() || node.isArray()) && depth >= MAX_DEPTH) {
			into.put(path, cut(node.toString()));
			return;
		}
		if (node.isObject()) {
			if (node.isEmpty()) {
				into.put(path, "{}");
			}
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), into,
						depth + 1);
			}
		}
		else if (node.isArray()) {
			if (node.isEmpty()) {
				into.put(path, "[]");
			}
			for (int i = 0; i < node.size(); i++) {
				flatten(path + "[" + i + "]", node.get(i), into, depth + 1);
			}
		}
		else if (node.isString()) {
			into.put(path, cut(node.asString()));
		}
		else {
			into.put(path, node.toString());
		}
	}

	private static String cut(String value) {
		return (value.length() > MAX_VALUE) ? value.substring(0, MAX_VALUE) + "…" : value;
	}

	/**
	 * One path.
	 *
	 * @param values its value in each record, null where the record lacks it
	 */
	record Row(String path, List<String> values, boolean differs) {
	}

}
