package io.trailscope.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An SQL condition on the events table under alias {@code e}, with its named parameters
 * ({@code :name}, for {@code JdbcClient}/{@code NamedParameterJdbcTemplate}). The text is
 * made only of constant fragments and parameter names; every value is in {@link #params}.
 */
public record SqlCondition(String sql, Map<String, Object> params) {

	/** Matches every event. */
	public static final SqlCondition TRUE = new SqlCondition("true", Map.of());

	public SqlCondition {
		Objects.requireNonNull(sql, "sql");
		params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
	}

	/**
	 * Both conditions. Parameters of the same name must have the same value (use distinct
	 * prefixes).
	 */
	public SqlCondition and(SqlCondition other) {
		if (isTrue()) {
			return other;
		}
		if (other.isTrue()) {
			return this;
		}
		return new SqlCondition("(" + this.sql + ") and (" + other.sql + ")", merge(other));
	}

	/** Either condition. */
	public SqlCondition or(SqlCondition other) {
		if (isTrue() || other.isTrue()) {
			return TRUE;
		}
		return new SqlCondition("(" + this.sql + ") or (" + other.sql + ")", merge(other));
	}

	/** The negation, where NULL (a missing column or path) counts as "does not match". */
	public SqlCondition not() {
		return new SqlCondition("not coalesce((" + this.sql + "), false)", this.params);
	}

	private boolean isTrue() {
		return "true".equals(this.sql);
	}

	private Map<String, Object> merge(SqlCondition other) {
		Map<String, Object> merged = new LinkedHashMap<>(this.params);
		other.params.forEach((name, value) -> {
			Object previous = merged.putIfAbsent(name, value);
			if (previous != null && !previous.equals(value)) {
				throw new IllegalArgumentException(
						"parameter :" + name + " is bound to two values; " + "compile each part with its own prefix");
			}
		});
		return merged;
	}
}
