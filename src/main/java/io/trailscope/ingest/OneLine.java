package io.trailscope.ingest;

/**
 * Text from outside (S3 keys, file names, queue messages, what a record holds, the errors
 * that quote them) made fit for one log line or one ledger error: CR, LF, tab and every
 * other control, line or paragraph separator and format character are written as
 * {@code \r}, {@code \n}, {@code \t} or a backslash, {@code u} and four hex digits, so a
 * crafted key or record cannot start a line of its own or hide part of one; and the text
 * is cut so that one object cannot flood the log or the ledger.
 *
 * <p>
 * Applying it twice changes nothing, so the ledger can apply it to errors the pipeline
 * already made safe. Backslashes are left as they are: Windows paths stay readable, and a
 * literal {@code \n} in a key can only be mistaken for an escape, never end a line.
 */
public final class OneLine {

	/**
	 * The longest text kept by default: a whole S3 key (at most 1,024 bytes) and its
	 * error fit.
	 */
	public static final int MAX = 2_000;

	/** Room for the note that says how long a cut text was. */
	private static final int SHORTEST = 32;

	private OneLine() {
	}

	/** The text on one line, at most {@value #MAX} characters; null stays null. */
	public static String of(String text) {
		return of(text, MAX);
	}

	/**
	 * The text on one line, at most {@code max} characters: a longer one ends in
	 * {@code ...(N chars)}, N its length before escaping.
	 */
	public static String of(String text, int max) {
		if (max < SHORTEST) {
			throw new IllegalArgumentException("max must be at least " + SHORTEST);
		}
		if (text == null || (text.length() <= max && text.chars().noneMatch(c -> escaped((char) c)))) {
			return text;
		}
		String tail = "...(" + text.length() + " chars)";
		StringBuilder line = new StringBuilder(Math.min(text.length(), max) + 8);
		int cut = -1;
		for (int i = 0; i < text.length(); i++) {
			String unit = unit(text.charAt(i));
			if (cut < 0 && line.length() + unit.length() > max - tail.length()) {
				cut = line.length();
			}
			if (line.length() + unit.length() > max) {
				// never between the two halves of a character outside the BMP
				if (cut > 0 && Character.isHighSurrogate(line.charAt(cut - 1))) {
					cut--;
				}
				line.setLength(cut);
				return line.append(tail).toString();
			}
			line.append(unit);
		}
		return line.toString();
	}

	private static String unit(char c) {
		return switch (c) {
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			default -> escaped(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
		};
	}

	/**
	 * Controls, and the separators and format characters that some viewers break lines at
	 * or hide.
	 */
	private static boolean escaped(char c) {
		int type = Character.getType(c);
		return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
				|| type == Character.FORMAT;
	}

}
