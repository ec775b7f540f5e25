package io.trailscope.ingest.record;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds secrets in free text, whatever member holds it: {@code name=value} and
 * {@code "name": value} of a {@link SecretNames secret's name}
 * ({@code {accessKeyId=ASIA..., sessionToken=...}}, query strings of presigned URLs,
 * header dumps), and values shaped like secrets wherever they stand: AWS session tokens,
 * JSON Web Tokens and PEM private keys.
 */
final class SecretText {

	/**
	 * What comes four characters into an AWS session token, in each format seen: the
	 * base64 of "origin" ({@code IQoJb3JpZ2lu...}), of "er/aws" ({@code FwoGZXIvYXdz...})
	 * and of "aws" ({@code AQoDYXdz...}).
	 */
	static final List<String> TOKEN_MARKERS = List.of("b3JpZ2lu", "ZXIvYXdz", "YXdz");

	/**
	 * Session tokens are hundreds of characters long; shorter base64 is something else.
	 */
	static final int MIN_TOKEN_LENGTH = 100;

	private static final String PEM_BEGIN = "-----BEGIN ";

	private static final String PEM_PRIVATE = "PRIVATE KEY-----";

	private SecretText() {
	}

	/**
	 * The text with the secrets it holds replaced, or null if it holds none. Cheap for
	 * the usual value without any: a few scans for characters and markers, and nothing
	 * allocated.
	 */
	static String redact(String text) {
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
			String name = SecretNames.fold(text.substring(nameStart, nameEnd));
			boolean header = SecretNames.isHeaderFolded(name);
			if (bareColon && !header || !SecretNames.isSecretFolded(name)) {
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
			if (value.isEmpty() || value.equals(Redactor.REDACTED) || value.equals("true") || value.equals("false")) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, copied, valueStart).append(Redactor.REDACTED);
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
				out.append(text, copied, span[0]).append(Redactor.REDACTED);
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
			out.append(text, copied, at).append(Redactor.REDACTED);
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
			out.append(text, copied, at).append(Redactor.REDACTED);
			copied = end;
			at = end - 1;
		}
		return out == null ? null : out.append(text, copied, text.length()).toString();
	}

}
