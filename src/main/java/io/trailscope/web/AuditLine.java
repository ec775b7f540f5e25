package io.trailscope.web;

import java.util.regex.Pattern;

/**
 * One line of the audit log, written as {@code key=value} pairs. Every value that came
 * from a request (parameters, paths, file names, user names typed into the sign-in form)
 * is escaped, so a CR, LF or other control character cannot start a forged line, and
 * capped, so one request cannot flood the log.
 */
final class AuditLine {

	static final int MAX_VALUE = 500;

	/**
	 * Values made only of these are written as they are; anything else is quoted and
	 * escaped.
	 */
	private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._~:/@*+,%#-]+");

	private final StringBuilder line = new StringBuilder(256);

	AuditLine(String action) {
		this.line.append(action);
	}

	AuditLine word(String word) {
		this.line.append(' ').append(quote(word));
		return this;
	}

	AuditLine add(String key, Object value) {
		if (value != null) {
			this.line.append(' ').append(quote(key)).append('=').append(quote(String.valueOf(value)));
		}
		return this;
	}

	@Override
	public String toString() {
		return this.line.toString();
	}

	/**
	 * The value as it is when it is plainly safe, else in double quotes with escapes, cut
	 * at {@link #MAX_VALUE}.
	 */
	static String quote(String value) {
		if (value.length() <= MAX_VALUE && BARE.matcher(value).matches()) {
			return value;
		}
		StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX_VALUE) + 16).append('"');
		int end = Math.min(value.length(), MAX_VALUE);
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (isInvisible(c)) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		if (value.length() > end) {
			quoted.append("...(").append(value.length()).append(" chars)");
		}
		return quoted.append('"').toString();
	}

	/**
	 * Control characters, and the separators and format characters that some viewers
	 * break lines at or hide.
	 */
	private static boolean isInvisible(char c) {
		int type = Character.getType(c);
		return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
				|| type == Character.FORMAT;
	}

}
