package io.trailscope.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A column of the results table and of the CSV export: one of the named columns, or any JSON path
 * of the record ({@code col=requestParameters.bucketName}).
 *
 * @param id the value of the {@code col} parameter
 * @param label the table header
 * @param path the JSON path for a record column, null for a named column
 */
record Column(String id, String label, String path) {

	/** The named columns, in the order they are offered. */
	static final Map<String, String> NAMED = named();

	static final List<String> DEFAULTS = List.of("time", "who", "event", "source", "region", "account", "ip", "error");

	static final int MAX_PATH_COLUMNS = 10;

	private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_$@-]+(\\.[A-Za-z0-9_$@-]+){0,15}");

	static Column of(String id) {
		String name = id.strip();
		if (NAMED.containsKey(name)) {
			return new Column(name, NAMED.get(name), null);
		}
		if (!PATH.matcher(name).matches()) {
			throw new IllegalArgumentException("Column \"" + id + "\" is neither a known column (" + String.join(", ", NAMED.keySet())
					+ ") nor a JSON path such as requestParameters.bucketName.");
		}
		return new Column(name, name, name);
	}

	public boolean json() {
		return this.path != null;
	}

	/** The path split into its keys, each bound as its own parameter. */
	List<String> keys() {
		return List.of(this.path.split("\\."));
	}

	private static Map<String, String> named() {
		Map<String, String> named = new LinkedHashMap<>();
		named.put("time", "Time (UTC)");
		named.put("who", "Who");
		named.put("event", "Event");
		named.put("source", "Source");
		named.put("region", "Region");
		named.put("account", "Account");
		named.put("ip", "Source IP");
		named.put("agent", "User agent");
		named.put("error", "Error");
		named.put("key", "Access key");
		named.put("identity", "Identity type");
		named.put("session", "Session");
		return java.util.Collections.unmodifiableMap(named);
	}
}
