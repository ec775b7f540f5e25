package io.trailscope.events;

import io.trailscope.query.Query;

/**
 * One active filter: a value of a {@link FilterKind}, included or excluded. Chips, facet
 * links and the form are all built from these.
 */
record Filter(FilterKind kind, String value, boolean excluded) {

	Filter {
		if (kind == null || value == null || value.isBlank()) {
			throw new IllegalArgumentException("a filter needs a kind and a value");
		}
		value = value.strip();
	}

	String parameter() {
		return this.excluded ? this.kind.excludedParameter() : this.kind.parameter();
	}

	/**
	 * Included filters of the same group are alternatives (ORed): values of one field, or
	 * of one JSON path; every free-text value is its own group.
	 */
	String group() {
		return switch (this.kind) {
			case JSON -> "json:" + this.value.substring(0, Math.max(this.value.indexOf(':'), 0)).strip();
			case TEXT -> "text:" + this.value;
			default -> this.kind.name();
		};
	}

	Filter negated() {
		return new Filter(this.kind, this.value, !this.excluded);
	}

	Query node() {
		Query node = this.kind.node(this.value);
		return this.excluded ? Queries.not(node) : node;
	}

	/** What the chip says: "account = 1111", "event name ≠ Describe*". */
	String label() {
		return this.kind.label() + (this.excluded ? " ≠ " : " = ") + this.value;
	}
}
