package io.trailscope.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

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
 * <li>a member whose name is a secret's ({@link #isSecretName}: compared ignoring case,
 * {@code -}, {@code _} and {@code .}) has its value replaced, and so has the
 * {@code value} beside a {@code name} or {@code key} that is one
 * ({@code [{"name":"DB_PASSWORD","value":"..."}]});
 * <li>in text, {@code name=value} and {@code "name": value} of such a name have the value
 * replaced ({@code {accessKeyId=ASIA..., sessionToken=...}}, query strings of presigned
 * URLs, header dumps);
 * <li>values that look like secrets whatever they stand under are replaced: AWS session
 * tokens (the long base64 of {@code IQoJb3JpZ2lu...}, {@code FwoGZXIvYXdz...},
 * {@code AQoDYXdz...}), JSON Web Tokens and PEM private keys.
 * </ul>
 * An empty value, one already {@value #REDACTED} and a boolean (a flag such as
 * {@code manageMasterUserPassword}) are left as they are.
 */
final class Redactor {

	static final String REDACTED = "REDACTED";

	/** Names of secrets, folded by {@link #fold}. */
	private static final Set<String> SECRET_NAMES = Set.of("sessiontoken", "securitytoken", "xamzsecuritytoken",
			"secretaccesskey", "secretkey", "privatekey", "keymaterial", "password", "newpassword", "oldpassword",
			"masteruserpassword", "temporarypassword", "passworddata", "passphrase", "secretstring", "secretbinary",
			"clientsecret", "samlassertion", "samlresponse", "webidentitytoken", "idtoken", "accesstoken",
			"refreshtoken", "bearertoken", "authorizationtoken", "authorization", "proxyauthorization", "xamzsignature",
			"signature", "cookie", "setcookie", "apikey", "xapikey", "plaintext");

	/**
	 * Endings of names of secrets: {@code dbPassword}, {@code sharedSecret},
	 * {@code encryptedKeyMaterial}...
	 */
	private static final List<String> SECRET_ENDINGS = List.of("password", "secret", "passphrase", "privatekey",
			"secretkey", "secretaccesskey", "keymaterial", "sessiontoken");

	/**
	 * Names whose value in text runs to the end of the line: a header's value has spaces
	 * and commas.
	 */
	private static final Set<String> HEADER_NAMES = Set.of("authorization", "proxyauthorization", "cookie",
			"setcookie");

	/**
	 * What comes four characters into an AWS session token, in each format seen: the
	 * base64 of "origin" ({@code IQoJb3JpZ2lu...}), of "er/aws" ({@code FwoGZXIvYXdz...})
	 * and of "aws" ({@code AQoDYXdz...}).
	 */
	private static final List<String> TOKEN_MARKERS = List.of("b3JpZ2lu", "ZXIvYXdz", "YXdz");

	/**
	 * Member names seen, and whether each is a secret's: asked of every member of every
	 * record.
	 */
	private static final Map<String, Boolean> KNOWN_NAMES = new ConcurrentHashMap<>();

	private static final int KNOWN_NAMES_KEPT = 4096;

	/**
	 * The members that name the value beside them: {@code {"name": "DB_PASSWORD",
	 * "value": "..."}}.
	 */
	private static final List<String> PAIR_NAMES = List.of("name", "Name", "key", "Key");

	/**
	 * Session tokens are hundreds of characters long; shorter base64 is something else.
	 */
	private static final int MIN_TOKEN_LENGTH = 100;

	private static final String PEM_BEGIN = "-----BEGIN ";

	private static final String PEM_PRIVATE = "PRIVATE KEY-----";

	/**
	 * Raised whenever a rule changes in code rather than in the lists above, so that
	 * {@link #RULES} changes.
	 */
	private static final int RULES_VERSION = 1;

	/**
	 * A short digest of the rules, the same in every process: records redacted by rules
	 * with another digest may hold what these remove, so stored records are redacted
	 * again when it changes.
	 */
	static final String RULES = digest(RULES_VERSION + ";" + new TreeSet<>(SECRET_NAMES) + ";" + SECRET_ENDINGS + ";"
			+ new TreeSet<>(HEADER_NAMES) + ";" + TOKEN_MARKERS + ";" + MIN_TOKEN_LENGTH);

	/**
	 * Redacts {@code record} in place.
	 * @return whether anything was replaced
	 */
	boolean redact(ObjectNode record) {
		return walk(record);
	}

	/** Whether a member of this name holds a secret. */
	static boolean isSecretName(String name) {
		Boolean known = KNOWN_NAMES.get(name);
		if (known != null) {
			return known;
		}
		boolean secret = isSecretFolded(fold(name));
		// records repeat the same few hundred names; bounded, so that a file of made-up
		// names cannot grow it
		if (KNOWN_NAMES.size() < KNOWN_NAMES_KEPT) {
			KNOWN_NAMES.put(name, secret);
		}
		return secret;
	}

	private static boolean isSecretFolded(String folded) {
		if (SECRET_NAMES.contains(folded)) {
			return true;
		}
		for (String ending : SECRET_ENDINGS) {
			if (folded.endsWith(ending)) {
				return true;
			}
		}
		return false;
	}

	private boolean walk(JsonNode node) {
		boolean changed = false;
		if (node instanceof ObjectNode object) {
			List<String> names = new ArrayList<>(object.propertyNames());
			boolean pairOfSecret = namesSecretPair(object);
			for (String name : names) {
				JsonNode value = object.get(name);
				if ((isSecretName(name) || pairOfSecret && isPairValue(name)) && holdsSecret(value)) {
					object.put(name, REDACTED);
					changed = true;
				}
				else if (value.isString()) {
					String redacted = redactText(value.stringValue());
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
					String redacted = redactText(element.stringValue());
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
			if (name != null && name.isString() && isSecretName(lastSegment(name.stringValue()))) {
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

	/**
	 * The text with the secrets it holds replaced, or null if it holds none. Cheap for
	 * the usual value without any: a few scans for characters and markers, and nothing
	 * allocated.
	 */
	static String redactText(String text) {
		String current = text;
		String redacted = redactPairs(current);
		current = redacted == null ? current : redacted;
		redacted = redactTokens(current);
		current = redacted == null ? current : redacted;
		redacted = redactJwts(current);
		current = redacted == null ? current : redacted;
		redacted = redactPrivateKeys(current);
		current = redacted == null ? current : redacted;
		return current == text ? null : current;
	}

	/**
	 * {@code name=value}, {@code "name": value} and {@code Header: value} of a secret's
	 * name. A colon after a bare name is no pair: ARNs are full of them
	 * ({@code ...:secret:name}), and so are messages ("cannot find the secret: ...").
	 */
	private static String redactPairs(String text) {
		StringBuilder out = null;
		int copied = 0;
		int equals = text.indexOf('=');
		int colon = text.indexOf(':');
		while (equals >= 0 || colon >= 0) {
			int i;
			if (colon < 0 || equals >= 0 && equals < colon) {
				i = equals;
				equals = text.indexOf('=', i + 1);
			}
			else {
				i = colon;
				colon = text.indexOf(':', i + 1);
			}
			int nameEnd = i;
			boolean quoted = nameEnd > 0 && (text.charAt(nameEnd - 1) == '"' || text.charAt(nameEnd - 1) == '\'');
			if (quoted) {
				nameEnd--;
			}
			int nameStart = nameEnd;
			while (nameStart > 0 && isNameChar(text.charAt(nameStart - 1))) {
				nameStart--;
			}
			// a bare name before a colon can only be a header's, "Authorization: ...":
			// cheap to rule out in ARNs
			boolean bareColon = text.charAt(i) == ':' && !quoted;
			if (nameEnd - nameStart < 5 || bareColon && (i + 1 >= text.length() || text.charAt(i + 1) != ' ')) {
				continue;
			}
			String name = fold(text.substring(nameStart, nameEnd));
			boolean header = HEADER_NAMES.contains(name);
			if (bareColon && !header || !isSecretFolded(name)) {
				continue;
			}
			int valueStart = i + 1;
			while (valueStart < text.length() && text.charAt(valueStart) == ' ') {
				valueStart++;
			}
			char quote = valueStart < text.length() ? text.charAt(valueStart) : 0;
			if (quote == '"' || quote == '\'') {
				valueStart++;
			}
			else {
				quote = 0;
			}
			int valueEnd = valueStart;
			while (valueEnd < text.length() && !endsValue(text.charAt(valueEnd), quote, header)) {
				valueEnd++;
			}
			String value = text.substring(valueStart, valueEnd);
			if (value.isEmpty() || value.equals(REDACTED) || value.equals("true") || value.equals("false")) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, copied, valueStart).append(REDACTED);
			copied = valueEnd;
			// what the value held is gone with it
			while (equals >= 0 && equals < valueEnd) {
				equals = text.indexOf('=', valueEnd);
			}
			while (colon >= 0 && colon < valueEnd) {
				colon = text.indexOf(':', valueEnd);
			}
		}
		return out == null ? null : out.append(text, copied, text.length()).toString();
	}

	private static boolean endsValue(char c, char quote, boolean header) {
		if (quote != 0) {
			return c == quote;
		}
		if (header) {
			return c == '\n' || c == '\r' || c == '"';
		}
		return switch (c) {
			case '&', ',', ';', '}', ']', '"', '\'', ' ', '\t', '\n', '\r' -> true;
			default -> false;
		};
	}

	private static boolean isNameChar(char c) {
		return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
	}

	/**
	 * AWS session tokens anywhere: at least {@value #MIN_TOKEN_LENGTH} characters of
	 * base64 (or of its URL encoding) starting four characters before one of the markers.
	 */
	private static String redactTokens(String text) {
		if (text.length() < MIN_TOKEN_LENGTH) {
			return null;
		}
		List<int[]> spans = new ArrayList<>();
		for (String marker : TOKEN_MARKERS) {
			for (int at = text.indexOf(marker, 4); at >= 0; at = text.indexOf(marker, at + 1)) {
				int start = at - 4;
				if (startsToken(text, start)) {
					int end = tokenEnd(text, start);
					if (end - start >= MIN_TOKEN_LENGTH) {
						spans.add(new int[] { start, end });
					}
				}
			}
		}
		if (spans.isEmpty()) {
			return null;
		}
		// a marker may recur inside another token: the spans are merged
		spans.sort((a, b) -> Integer.compare(a[0], b[0]));
		StringBuilder out = new StringBuilder(text.length());
		int copied = 0;
		for (int[] span : spans) {
			if (span[0] >= copied) {
				out.append(text, copied, span[0]).append(REDACTED);
			}
			copied = Math.max(copied, span[1]);
		}
		return out.append(text, copied, text.length()).toString();
	}

	/**
	 * Four plain base64 characters at {@code start}, after something that is not base64
	 * or after a URL-encoded character.
	 */
	private static boolean startsToken(String text, int start) {
		for (int i = start; i < start + 4; i++) {
			if (!isBase64(text.charAt(i))) {
				return false;
			}
		}
		return start == 0 || !isBase64(text.charAt(start - 1)) || start >= 3 && text.charAt(start - 3) == '%';
	}

	/**
	 * The end of a token starting at {@code start}: base64, URL-encoded or not, with its
	 * padding.
	 */
	private static int tokenEnd(String text, int start) {
		int i = start;
		while (i < text.length()) {
			if (isBase64(text.charAt(i))) {
				i++;
			}
			else if (isEncodedBase64(text, i)) {
				i += 3;
			}
			else {
				break;
			}
		}
		while (i < text.length() && text.charAt(i) == '=') {
			i++;
		}
		return i;
	}

	private static boolean isBase64(char c) {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
	}

	/** {@code %2B}, {@code %2F} or {@code %3D}: base64 in a URL's query. */
	private static boolean isEncodedBase64(String text, int i) {
		if (i + 2 >= text.length() || text.charAt(i) != '%') {
			return false;
		}
		char a = text.charAt(i + 1);
		char b = Character.toUpperCase(text.charAt(i + 2));
		return a == '2' && (b == 'B' || b == 'F') || a == '3' && b == 'D';
	}

	/**
	 * JSON Web Tokens anywhere: {@code eyJ...}, a dot, {@code eyJ...}, a dot and the
	 * signature.
	 */
	private static String redactJwts(String text) {
		StringBuilder out = null;
		int copied = 0;
		for (int at = text.indexOf("eyJ"); at >= 0; at = text.indexOf("eyJ", at + 1)) {
			if (at < copied || at > 0 && isBase64Url(text.charAt(at - 1))) {
				continue;
			}
			int header = base64UrlEnd(text, at);
			if (header - at < 10 || header >= text.length() || text.charAt(header) != '.'
					|| !text.startsWith("eyJ", header + 1)) {
				continue;
			}
			int payload = base64UrlEnd(text, header + 1);
			if (payload - header < 10 || payload >= text.length() || text.charAt(payload) != '.') {
				continue;
			}
			int end = base64UrlEnd(text, payload + 1);
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, copied, at).append(REDACTED);
			copied = end;
			at = end - 1;
		}
		return out == null ? null : out.append(text, copied, text.length()).toString();
	}

	private static int base64UrlEnd(String text, int from) {
		int i = from;
		while (i < text.length() && isBase64Url(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isBase64Url(char c) {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
	}

	/**
	 * PEM blocks of private keys anywhere, through their END line (or the end of the
	 * text).
	 */
	private static String redactPrivateKeys(String text) {
		StringBuilder out = null;
		int copied = 0;
		for (int at = text.indexOf(PEM_BEGIN); at >= 0; at = text.indexOf(PEM_BEGIN, at + 1)) {
			int lineEnd = text.indexOf("-----", at + PEM_BEGIN.length());
			if (at < copied || lineEnd < 0 || !text.startsWith(PEM_PRIVATE, lineEnd - PEM_PRIVATE.length() + 5)) {
				continue;
			}
			int endMarker = text.indexOf("-----END ", lineEnd + 5);
			int end = endMarker < 0 ? -1 : text.indexOf(PEM_PRIVATE, endMarker);
			end = end < 0 ? text.length() : end + PEM_PRIVATE.length();
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, copied, at).append(REDACTED);
			copied = end;
			at = end - 1;
		}
		return out == null ? null : out.append(text, copied, text.length()).toString();
	}

	/**
	 * A name as names of secrets are compared: lower case, without {@code -}, {@code _}
	 * and {@code .}.
	 */
	private static String fold(String name) {
		if (isFolded(name)) {
			return name;
		}
		StringBuilder b = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '-' && c != '_' && c != '.') {
				b.append(c);
			}
		}
		return b.toString().toLowerCase(Locale.ROOT);
	}

	private static boolean isFolded(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
				return false;
			}
		}
		return true;
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
