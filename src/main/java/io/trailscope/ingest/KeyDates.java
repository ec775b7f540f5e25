package io.trailscope.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day and the account in a trail's key path:
 * {@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/...}, also under an organization
 * ({@code AWSLogs/o-xxxx/<account>/...}), a custom prefix, and for Insights and digests.
 */
final class KeyDates {

	/**
	 * One pattern for the day and the account, so both are read from the same place in the key.
	 * The {@code AWSLogs/<account>/} part is optional: a key from {@code CloudTrail/} on still has
	 * a day.
	 */
	private static final Pattern LAYOUT = Pattern.compile("(?:^|/)(?:AWSLogs/(?:o-[a-z0-9]+/)?(?<account>\\d{12})/)?"
			+ "CloudTrail(?:-Insight|-Digest)?/[^/]+/(?<year>\\d{4})/(?<month>\\d{2})/(?<day>\\d{2})/");

	private static final Pattern REGION_LEVEL = Pattern.compile("(?:^|/)CloudTrail(?:-Insight)?/[^/]+/$");

	private static final Pattern DIGESTS = Pattern.compile("(?:^|/)CloudTrail-Digest/$");

	private KeyDates() {
	}

	/** The day the key's path names, or null if it follows no trail layout. */
	static LocalDate dateOf(String key) {
		Matcher m = LAYOUT.matcher(key);
		if (!m.find()) {
			return null;
		}
		try {
			return LocalDate.of(Integer.parseInt(m.group("year")), Integer.parseInt(m.group("month")),
					Integer.parseInt(m.group("day")));
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/**
	 * The 12-digit account whose trail the key's path names, or null if it follows no trail layout
	 * or names no account.
	 */
	static String accountOf(String key) {
		Matcher m = LAYOUT.matcher(key);
		return m.find() ? m.group("account") : null;
	}

	/**
	 * Whether the keys under {@code prefix} are {@code YYYY/MM/DD/...} of one region, so a listing
	 * may start at the first day of a range and stop after its last.
	 */
	static boolean isRegionPrefix(String prefix) {
		return REGION_LEVEL.matcher(prefix).find();
	}

	/** Whether {@code prefix} holds only digests, which are never loaded. */
	static boolean isDigestPrefix(String prefix) {
		return DIGESTS.matcher(prefix).find();
	}

	/** The path form of a day, as it stands after a region prefix. */
	static String path(LocalDate day) {
		return "%04d/%02d/%02d/".formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth());
	}
}
