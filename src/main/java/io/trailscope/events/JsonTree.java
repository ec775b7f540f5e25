package io.trailscope.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import io.trailscope.query.Fields;

/**
 * A record as a tree for the detail page: objects and arrays as collapsible nodes,
 * scalars with the query path that finds them ({@code requestParameters.groupId}; array
 * positions are left out, since a record path looks through arrays) and links that
 * include or exclude their value.
 *
 * @param key the key in its parent object, or {@code [i]} in an array, or null at the
 * root
 * @param kind object, array, string, number, boolean or null
 * @param value the scalar's text (null for containers and JSON null)
 * @param path the query path of a scalar, null for containers
 * @param children the members of a container
 * @param includeUrl a search for events with the same value here, null where none applies
 * @param excludeUrl a search for events without it
 */
record JsonTree(String key, String kind, String value, String path, List<JsonTree> children, String includeUrl,
		String excludeUrl) {

	private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9_@$-]+(\\.[A-Za-z0-9_@$-]+)*");

	/**
	 * Longer values (policy documents, certificates) get no search links: the URL would
	 * be too long to send.
	 */
	static final int MAX_LINKED_VALUE = 1000;

	/**
	 * Containers this deep are shown as their JSON text, not as nodes: a record nested
	 * thousands deep (possible in a hand-made file) would otherwise overflow the stack
	 * while the page renders.
	 */
	static final int MAX_DEPTH = 24;

	/** How much of a collapsed container's text is shown. */
	static final int MAX_COLLAPSED_TEXT = 4000;

	public boolean container() {
		return "object".equals(this.kind) || "array".equals(this.kind);
	}

	/**
	 * Builds the tree; {@code links} makes the include and exclude URLs of a path and a
	 * leaf.
	 */
	static JsonTree of(JsonNode node, Links links) {
		return node(null, node, new ArrayList<>(), links, 0);
	}

	/**
	 * A record too deep or too malformed to read as a tree: its text, cut, as one node.
	 */
	static JsonTree text(String json) {
		return new JsonTree(null, "deep", cut(json), null, List.of(), null, null);
	}

	private static JsonTree node(String key, JsonNode node, List<String> path, Links links, int depth) {
		if (node.isContainer() && depth >= MAX_DEPTH) {
			return new JsonTree(key, "deep", cut(node.toString()), null, List.of(), null, null);
		}
		if (node.isObject()) {
			List<JsonTree> children = new ArrayList<>();
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				path.add(member.getKey());
				children.add(node(member.getKey(), member.getValue(), path, links, depth + 1));
				path.remove(path.size() - 1);
			}
			return new JsonTree(key, "object", null, null, List.copyOf(children), null, null);
		}
		if (node.isArray()) {
			List<JsonTree> children = new ArrayList<>();
			for (int i = 0; i < node.size(); i++) {
				children.add(node("[" + i + "]", node.get(i), path, links, depth + 1));
			}
			return new JsonTree(key, "array", null, null, List.copyOf(children), null, null);
		}
		String kind = node.isString() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "boolean" : "null";
		String value = node.isNull() ? null : node.asString();
		String dotted = path.isEmpty() ? null : String.join(".", path);
		boolean linkable = dotted != null && value != null && value.length() <= MAX_LINKED_VALUE
				&& SEGMENTS.matcher(dotted).matches()
				&& (Fields.resolve(dotted).isPresent() || Fields.isRecordPath(dotted));
		return new JsonTree(key, kind, value, dotted, List.of(),
				linkable ? links.url(dotted, value, node.isString(), false) : null,
				linkable ? links.url(dotted, value, node.isString(), true) : null);
	}

	private static String cut(String json) {
		return json.length() <= MAX_COLLAPSED_TEXT ? json : json.substring(0, MAX_COLLAPSED_TEXT) + " …";
	}

	/** Makes the search URL for a value at a path. */
	interface Links {

		String url(String path, String value, boolean string, boolean excluded);

	}
}
