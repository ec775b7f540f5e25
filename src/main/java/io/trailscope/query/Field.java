package io.trailscope.query;

import java.util.List;
import java.util.Objects;

/**
 * A named field of the query language: its canonical name (CloudTrail's own path where
 * there is one), its short aliases, what it matches and how.
 *
 * @param name the canonical name, as written in CloudTrail records
 * ({@code userIdentity.arn})
 * @param aliases short names that mean the same ({@code arn})
 * @param description one line for the help page and the form
 * @param kind how values are compared
 * @param column the events column matched, or null where {@link Kind} spans several
 * columns or the record
 * @param example a value that makes a useful example ({@code ConsoleLogin})
 */
public record Field(String name, List<String> aliases, String description, Kind kind, String column, String example) {

	public Field {
		Objects.requireNonNull(name, "name");
		aliases = List.copyOf(aliases);
		Objects.requireNonNull(description, "description");
		Objects.requireNonNull(kind, "kind");
	}

	/** How a field compares values. */
	public enum Kind {

		/** A text column: exact and case-sensitive, or {@code *} wildcards (LIKE). */
		TEXT,

		/** A boolean column: {@code true} or {@code false}. */
		BOOLEAN,

		/**
		 * sourceIPAddress: an address or CIDR against the inet column, otherwise the text
		 * as written.
		 */
		ADDRESS,

		/**
		 * The "who": display principal, user name, principal ARN or session issuer name.
		 */
		USER,

		/** The session issuer of temporary credentials: its name or ARN. */
		ROLE,

		/**
		 * An ARN in {@code resources[]}, or a whole value or part anywhere in the record.
		 */
		RESOURCE

	}

	/**
	 * The example as a query, with the shortest of the name and aliases:
	 * {@code type:AssumedRole}.
	 */
	public String exampleQuery() {
		String field = this.name;
		for (String alias : this.aliases) {
			field = (alias.length() < field.length()) ? alias : field;
		}
		return Query.Match.literal(field, this.example).toQueryString();
	}
}
