package io.trailscope.ingest.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes secrets that some records carry before they are stored: the session token of
 * issued credentials, secret and private keys, passwords, identity tokens, request
 * signatures and authorization headers. CloudTrail itself omits most of these, but not
 * all sources do (older records, exports, hand-made fixtures, third-party tools,
 * environment variables of task definitions), and a console full of audit data must not
 * become a place to collect working credentials.
 *
 * <p>
 * Three rules, each applied everywhere in the record:
 * <ul>
 * <li>a member whose name is a secret's ({@link SecretNames#isSecret}: compared ignoring
 * case, {@code -}, {@code _} and {@code .}) has its value replaced, and so has the
 * {@code value} beside a {@code name} or {@code key} that is one
 * ({@code [{"name":"DB_PASSWORD","value":"..."}]});
 * <li>in text, {@code name=value} and {@code "name": value} of such a name have the value
 * replaced ({@link SecretText});
 * <li>values that look like secrets whatever they stand under are replaced: AWS session
 * tokens, JSON Web Tokens and PEM private keys ({@link SecretText}).
 * </ul>
 * An empty value, one already {@value #REDACTED} and a boolean (a flag such as
 * {@code manageMasterUserPassword}) are left as they are. This class walks the record;
 * the names and the text have their own rules.
 */
public final class Redactor {

	static final String REDACTED = "REDACTED";

	/**
	 * The members that name the value beside them: {@code {"name": "DB_PASSWORD",
	 * "value": "..."}}.
	 */
	private static final List<String> PAIR_NAMES = List.of("name", "Name", "key", "Key");

	/**
	 * Raised whenever a rule changes in code rather than in the lists of names and token
	 * markers, so that {@link #RULES} changes.
	 */
	private static final int RULES_VERSION = 1;

	/**
	 * A short digest of the rules, the same in every process: records redacted by rules
	 * with another digest may hold what these remove, so stored records are redacted
	 * again when it changes.
	 */
	public static final String RULES = digest(RULES_VERSION + ";" + new TreeSet<>(SecretNames.NAMES) + ";"
			+ SecretNames.ENDINGS + ";" + new TreeSet<>(SecretNames.HEADERS) + ";" + SecretText.TOKEN_MARKERS + ";"
			+ SecretText.MIN_TOKEN_LENGTH);

	/**
	 * Redacts {@code record} in place.
	 * @return whether anything was replaced
	 */
	public boolean redact(ObjectNode record) {
		return walk(record);
	}

	private boolean walk(JsonNode node) {
		boolean changed = false;
		if (node instanceof ObjectNode object) {
			List<String> names = new ArrayList<>(object.propertyNames());
			boolean pairOfSecret = namesSecretPair(object);
			for (String name : names) {
				JsonNode value = object.get(name);
				if ((SecretNames.isSecret(name) || pairOfSecret && isPairValue(name)) && holdsSecret(value)) {
					object.put(name, REDACTED);
					changed = true;
				}
				else if (value.isString()) {
					String redacted = SecretText.redact(value.stringValue());
					if (redacted != null) {
						object.put(name, redacted);
						changed = true;
					}
				}
				else if (value.isContainer()) {
					changed |= walk(value);
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode element = array.get(i);
				if (element.isString()) {
					String redacted = SecretText.redact(element.stringValue());
					if (redacted != null) {
						array.set(i, redacted);
						changed = true;
					}
				}
				else if (element.isContainer()) {
					changed |= walk(element);
				}
			}
		}
		return changed;
	}

	/**
	 * A name/value pair such as an environment variable, a tag or a header whose name is
	 * a secret's.
	 */
	private static boolean namesSecretPair(ObjectNode object) {
		for (String field : PAIR_NAMES) {
			JsonNode name = object.get(field);
			if (name != null && name.isString() && SecretNames.isSecret(lastSegment(name.stringValue()))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isPairValue(String name) {
		return name.equals("value") || name.equals("Value") || name.equals("values") || name.equals("Values");
	}

	/** The last part of a parameter path such as {@code /prod/db/password}. */
	private static String lastSegment(String name) {
		return name.substring(name.lastIndexOf('/') + 1);
	}

	private static boolean holdsSecret(JsonNode value) {
		if (value == null || value.isNull() || value.isBoolean()) {
			return false;
		}
		if (value.isString()) {
			String text = value.stringValue();
			return !text.isEmpty() && !text.equals(REDACTED);
		}
		return !value.isContainer() || !value.isEmpty();
	}

	private static String digest(String rules) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(rules.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
