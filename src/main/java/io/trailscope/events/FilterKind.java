package io.trailscope.events;

import java.util.Locale;
import io.trailscope.query.Query;
import io.trailscope.query.QueryCompiler;

/**
 * The filters of the search form, each a URL parameter ({@code account=111122223333})
 * with an excluded variant ({@code not.account=...}), and the query-language node it
 * stands for. Filters compile through the same {@link QueryCompiler} as the query box, so
 * the form and the box always mean the same thing.
 */
enum FilterKind {

	ACCOUNT("account", "Account", "recipientAccountId", "111122223333"),
	REGION("region", "Region", "awsRegion", "eu-west-1"),
	SOURCE("source", "Event source", "eventSource", "iam.amazonaws.com"),
	NAME("name", "Event name", "eventName", "Create*"),
	USER("user", "User / principal", "user", "alice, role, session or ARN"),
	PRINCIPAL("principal", "Principal as shown", "principal", "admin/alice-session"),
	KEY("key", "Access key", "userIdentity.accessKeyId", "AKIA…"),
	IDENTITY("identity", "Identity type", "userIdentity.type", "AssumedRole"),
	IP("ip", "Source IP", "sourceIPAddress", "203.0.113.9 or 10.0.0.0/8"),
	AGENT("agent", "User agent contains", "userAgent", "boto3"),
	ERROR("error", "Error", "errorCode", "any, none or AccessDenied"),
	READ_ONLY("readOnly", "Read-only", "readOnly", "true or false"),
	TYPE("type", "Event type", "eventType", "AwsApiCall"),
	CATEGORY("category", "Event category", "eventCategory", "Management"),
	RESOURCE("resource", "Resource", "resource", "ARN or name"),
	JSON("json", "JSON path", null, "requestParameters.groupId:sg-0abc"),
	TEXT("text", "Text anywhere", null, "i-0abc123");

	private final String parameter;

	private final String label;

	private final String field;

	private final String placeholder;

	FilterKind(String parameter, String label, String field, String placeholder) {
		this.parameter = parameter;
		this.label = label;
		this.field = field;
		this.placeholder = placeholder;
	}

	/** The URL parameter of the included values. */
	String parameter() {
		return this.parameter;
	}

	/** The URL parameter of the excluded values. */
	String excludedParameter() {
		return "not." + this.parameter;
	}

	String label() {
		return this.label;
	}

	String placeholder() {
		return this.placeholder;
	}

	/** The query-language field, or null for the JSON path and text filters. */
	String field() {
		return this.field;
	}

	static FilterKind ofParameter(String name) {
		for (FilterKind kind : values()) {
			if (kind.parameter.equals(name)) {
				return kind;
			}
		}
		return null;
	}

	/** The node a value of this filter stands for (not yet negated). */
	Query node(String value) {
		return switch (this) {
			case ERROR -> switch (value.toLowerCase(Locale.ROOT)) {
				case "any" -> Queries.exists(this.field);
				case "none" -> Queries.not(Queries.exists(this.field));
				default -> Queries.match(this.field, value);
			};
			case READ_ONLY -> Queries.match(this.field, value.toLowerCase(Locale.ROOT));
			case AGENT -> Queries.contains(this.field, value);
			case TEXT -> Queries.text(value);
			case JSON -> {
				int colon = value.indexOf(':');
				if (colon <= 0) {
					throw new IllegalArgumentException(
							"A JSON path filter is path:value, e.g. requestParameters.groupId:sg-0abc (got \"" + value
									+ "\").");
				}
				String path = value.substring(0, colon).strip();
				String wanted = value.substring(colon + 1).strip();
				yield wanted.equals("*") ? Queries.exists(path) : Queries.match(path, wanted);
			}
			default -> Queries.match(this.field, value);
		};
	}

}
