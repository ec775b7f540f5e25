package io.trailscope.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes secrets that some records carry before they are stored: the session token of issued
 * credentials, secret keys, passwords and identity tokens. CloudTrail itself omits most of these,
 * but not all sources do (older records, exports, hand-made fixtures), and a console full of audit
 * data must not become a place to collect working credentials.
 */
final class Redactor {

	static final String REDACTED = "REDACTED";

	private static final Set<String> SECRET_KEYS = Set.of("sessiontoken", "secretaccesskey", "password",
			"newpassword", "oldpassword", "samlassertion", "webidentitytoken", "idtoken", "accesstoken",
			"refreshtoken", "clientsecret", "x-amz-security-token", "securitytoken");

	// Some producers serialise credentials as a string: "{accessKeyId=ASIA..., sessionToken=..., ...}"
	private static final Pattern SECRET_IN_TEXT = Pattern.compile(
			"(?i)(sessionToken|secretAccessKey)(\"?\\s*[=:]\\s*\"?)([^,}\"\\s]+)");

	/** Redacts {@code record} in place. */
	void redact(ObjectNode record) {
		walk(record);
	}

	private void walk(JsonNode node) {
		if (node instanceof ObjectNode object) {
			List<String> names = new ArrayList<>(object.propertyNames());
			for (String name : names) {
				JsonNode value = object.get(name);
				if (SECRET_KEYS.contains(name.toLowerCase(Locale.ROOT)) && value != null && !value.isNull()
						&& !(value.isString() && value.stringValue().isEmpty())) {
					object.put(name, REDACTED);
				}
				else if (value != null && value.isString() && "credentials".equalsIgnoreCase(name)) {
					object.put(name, SECRET_IN_TEXT.matcher(value.stringValue()).replaceAll("$1$2" + REDACTED));
				}
				else if (value != null && value.isContainer()) {
					walk(value);
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (JsonNode element : array) {
				walk(element);
			}
		}
	}

}
