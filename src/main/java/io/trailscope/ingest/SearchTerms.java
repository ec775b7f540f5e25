package io.trailscope.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How string values become free-text terms: the lower-cased value, and the parts of compound
 * values (ARNs, paths, {@code key=value} lists) split on separators, parts of at least
 * {@value #MIN_PART_LENGTH} characters. The loader stores terms this way; the query language
 * splits what an analyst types the same way, so both always agree.
 *
 * <p>Some values are not stored as terms at all ({@link #indexed}): timestamps, short numbers
 * and booleans. Nobody finds an event by them as free text (times have the time range; a port or
 * a version is a field query), and timestamps are nearly unique per event, the costliest kind of
 * entry for the index. The query language looks for such a word in the record's text instead.
 */
public final class SearchTerms {

	/** Longer terms are not stored (a value that long is still found by its parts). */
	public static final int MAX_TERM_LENGTH = 256;

	/** Shorter parts are not stored: too common to be worth an index entry. */
	public static final int MIN_PART_LENGTH = 3;

	private static final Pattern SEPARATORS = Pattern.compile("[\\s/:,;=\"'()\\[\\]{}<>|]+");

	/** ISO-8601 dates and times (extended or basic form, any precision and offset), lower-cased. */
	private static final Pattern TIMESTAMP = Pattern
		.compile("\\d{4}-\\d\\d-\\d\\d([t ]\\d\\d(:\\d\\d(:\\d\\d([.,]\\d+)?)?)?(z|[+-]\\d\\d(:?\\d\\d)?)?)?|\\d{8}t\\d{6}z");

	private static final Pattern SHORT_NUMBER = Pattern.compile("[0-9.]{1,4}");

	private SearchTerms() {
	}

	/** The term form of a value: lower case (ROOT locale), with NUL characters PostgreSQL refuses replaced. */
	public static String normalize(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		String result = (lower.indexOf('\0') >= 0) ? lower.replace('\0', '\uFFFD') : lower;
		return result.contains("\\u0000") ? result.replace("\\u0000", "\\uFFFD") : result;
	}

	/**
	 * The stored parts of a normalized value: nothing if it has no separator (the value is its own
	 * term), else every {@linkplain #indexed indexed} piece of {@value #MIN_PART_LENGTH} to
	 * {@value #MAX_TERM_LENGTH} characters.
	 */
	public static List<String> parts(String normalized) {
		String[] pieces = SEPARATORS.split(normalized);
		List<String> parts = new ArrayList<>();
		if (pieces.length > 1) {
			for (String piece : pieces) {
				if (piece.length() >= MIN_PART_LENGTH && piece.length() <= MAX_TERM_LENGTH && indexed(piece)) {
					parts.add(piece);
				}
			}
		}
		return parts;
	}

	/**
	 * Whether a normalized value (or part) is stored as a term: not a timestamp, a number of up to
	 * four characters, or a boolean. A value that is not is not split into parts either.
	 */
	public static boolean indexed(String normalized) {
		return !(normalized.equals("true") || normalized.equals("false") || SHORT_NUMBER.matcher(normalized).matches()
				|| TIMESTAMP.matcher(normalized).matches());
	}

	/** True if the value holds a separator, so that it is stored as its parts as well as whole. */
	public static boolean isCompound(String normalized) {
		return SEPARATORS.matcher(normalized).find();
	}
}
