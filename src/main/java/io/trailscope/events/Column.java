package io.trailscope.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A column of the results table and of the CSV export: one of the named columns, or any
 * JSON path of the record ({@code col=requestParameters.bucketName}).
 *
 * @param id the value of the {@code col} parameter
 * @param label the table header
 * @param path the JSON path for a record column, null for a named column
 */
record Column(String id, String label, String path) {

	static final List<String> DEFAULTS = List.of("time", "who", "event", "source", "region", "account", "ip", "error");

	static final int MAX_PATH_COLUMNS = 10;

	private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_$@-]+(\\.[A-Za-z0-9_$@-]+){0,15}");

	static Column of(String id) {
		String name = id.strip();
		Optional<NamedColumn> named = NamedColumn.of(name);
		if (named.isPresent()) {
			return new Column(name, named.get().label(), null);
		}
		if (!PATH.matcher(name).matches()) {
			throw new IllegalArgumentException("Column \"" + id + "\" is neither a known column ("
					+ Arrays.stream(NamedColumn.values()).map(NamedColumn::id).collect(Collectors.joining(", "))
					+ ") nor a JSON path such as requestParameters.bucketName.");
		}
		return new Column(name, name, name);
	}

	public boolean json() {
		return this.path != null;
	}

	/**
	 * The CSV export's header: CloudTrail's name for a named column, the path for a
	 * record column.
	 */
	String header() {
		return json() ? this.path : NamedColumn.of(this.id).orElseThrow().header();
	}

	/** The path split into its keys, each bound as its own parameter. */
	List<String> keys() {
		return List.of(this.path.split("\\."));
	}
}
