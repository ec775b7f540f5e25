package io.trailscope.investigations;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A one-click search: an {@code /events} query over a time range, with a sentence on what
 * it finds. It may offer recent time windows instead of a range (nights), or ask for one
 * value (an instance ID, a principal) that is checked against {@code parameter} before it
 * is put in the query.
 */
record Investigation(String id, String section, String title, String description, String query, String range,
		List<Window> windows, Parameter parameter) {

	static final String VALUE = "{value}";

	Investigation {
		windows = List.copyOf(windows);
	}

	static Investigation of(String id, String section, String title, String description, String query, String range) {
		return new Investigation(id, section, title, description, query, range, List.of(), null);
	}

	Investigation withWindows(List<Window> windows) {
		return new Investigation(this.id, this.section, this.title, this.description, this.query, this.range, windows,
				this.parameter);
	}

	Investigation withParameter(Parameter parameter) {
		return new Investigation(this.id, this.section, this.title, this.description, this.query, this.range,
				this.windows, parameter);
	}

	/**
	 * The query with the parameter's value in place; {@code null} when the value is not
	 * acceptable.
	 */
	String queryFor(String value) {
		if (this.parameter == null || value == null || !this.parameter.pattern().matcher(value.strip()).matches()) {
			return null;
		}
		return this.parameter.query().replace(VALUE, value.strip());
	}

	/**
	 * A time window of its own, e.g. one night: linked with {@code from} and {@code to}.
	 */
	record Window(String label, Instant from, Instant to) {
	}

	/**
	 * The one value a parameterised investigation asks for, and the query it goes into at
	 * {@value #VALUE}.
	 */
	record Parameter(String label, String placeholder, Pattern pattern, String hint, String query) {

		Parameter {
			if (!query.contains(VALUE)) {
				throw new IllegalArgumentException("the query of a parameter must contain " + VALUE);
			}
		}
	}
}
