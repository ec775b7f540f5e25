package io.trailscope.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How string values become free-text terms: the lower-cased value, and the parts of
 * compound values (ARNs, paths, {@code key=value} lists) split on separators, parts of at
 * least {@value #MIN_PART_LENGTH} characters. The loader stores terms this way; the query
 * language splits what an analyst types the same way, so both always agree.
 *
 * <p>
 * Some values are not stored as terms at all ({@link #indexed}): timestamps, short
 * numbers and booleans. Nobody finds an event by them as free text (times have the time
 * range; a port or a version is a field query), and timestamps are nearly unique per
 * event, the costliest kind of entry for the index. The query language looks for such a
 * word in the record's text instead.
 */
public final class SearchTerms {

	/** Longer terms are not stored (a value that long is still found by its parts). */
	public static final int MAX_TERM_LENGTH = 256;

	/** Shorter parts are not stored: too common to be worth an index entry. */
	public static final int MIN_PART_LENGTH = 3;

	/**
	 * ISO-8601 dates and times (extended or basic form, any precision and offset),
	 * lower-cased.
	 */
	private static final Pattern TIMESTAMP = Pattern.compile(
			"\\d{4}-\\d\\d-\\d\\d([t ]\\d\\d(:\\d\\d(:\\d\\d([.,]\\d+)?)?)?(z|[+-]\\d\\d(:?\\d\\d)?)?)?|\\d{8}t\\d{6}z");

	private SearchTerms() {
	}

	/**
	 * The term form of a value: lower case (ROOT locale), with NUL characters PostgreSQL
	 * refuses replaced.
	 */
	public static String normalize(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		String result = (lower.indexOf('\0') >= 0) ? lower.replace('\0', '\uFFFD') : lower;
		return result.contains("\\u0000") ? result.replace("\\u0000", "\\uFFFD") : result;
	}

	/**
	 * The stored parts of a normalized value: nothing if it has no separator (the value
	 * is its own term), else every {@linkplain #indexed indexed} piece of
	 * {@value #MIN_PART_LENGTH} to {@value #MAX_TERM_LENGTH} characters.
	 */
	public static List<String> parts(String normalized) {
		if (!isCompound(normalized)) {
			return List.of();
		}
		// the pieces between runs of separators, as Pattern.split gives them: a leading
		// empty piece
		// when the value starts with a separator, no trailing empty ones
		List<String> pieces = new ArrayList<>();
		int n = normalized.length();
		int start = 0;
		int i = 0;
		while (i < n) {
			if (isSeparator(normalized.charAt(i))) {
				pieces.add(normalized.substring(start, i));
				while (i < n && isSeparator(normalized.charAt(i))) {
					i++;
				}
				start = i;
			}
			else {
				i++;
			}
		}
		pieces.add(normalized.substring(start));
		while (!pieces.isEmpty() && pieces.get(pieces.size() - 1).isEmpty()) {
			pieces.remove(pieces.size() - 1);
		}
		List<String> parts = new ArrayList<>();
		if (pieces.size() > 1) {
			for (String piece : pieces) {
				if (piece.length() >= MIN_PART_LENGTH && piece.length() <= MAX_TERM_LENGTH && indexed(piece)) {
					parts.add(piece);
				}
			}
		}
		return parts;
	}

	/**
	 * Whether a normalized value (or part) is stored as a term: not a timestamp, a number
	 * of up to four characters, or a boolean. A value that is not is not split into parts
	 * either.
	 */
	public static boolean indexed(String normalized) {
		return !(normalized.equals("true") || normalized.equals("false") || isShortNumber(normalized)
				|| (mayBeTimestamp(normalized) && TIMESTAMP.matcher(normalized).matches()));
	}

	/**
	 * True if the value holds a separator, so that it is stored as its parts as well as
	 * whole.
	 */
	public static boolean isCompound(String normalized) {
		for (int i = 0; i < normalized.length(); i++) {
			if (isSeparator(normalized.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	// Hand-written where a pattern would do the same: the loader asks these of every
	// string value
	// and part of every record, and as regular expressions they took over a third of its
	// reading
	// and normalising (SearchTermsTest holds them to the patterns they replaced).

	/**
	 * The separators of compound values: ASCII white space and {@code / : , ; = " ' ( ) [
	 * ] { } < > |}.
	 */
	private static boolean isSeparator(char c) {
		return switch (c) {
			case ' ', '\t', '\n', '\u000B', '\f', '\r', '/', ':', ',', ';', '=', '"', '\'', '(', ')', '[', ']', '{',
					'}', '<', '>', '|' ->
				true;
			default -> false;
		};
	}

	/** One to four characters, each a digit or a dot. */
	private static boolean isShortNumber(String value) {
		if (value.isEmpty() || value.length() > 4) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < '0' || c > '9') && c != '.') {
				return false;
			}
		}
		return true;
	}

	/**
	 * What every {@link #TIMESTAMP} starts with: four digits, then a dash, or four more
	 * digits and a "t".
	 */
	private static boolean mayBeTimestamp(String value) {
		if (value.length() < 10) {
			return false;
		}
		for (int i = 0; i < 4; i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return value.charAt(4) == '-' || value.charAt(8) == 't';
	}

}
