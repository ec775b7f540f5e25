package io.trailscope.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day in a trail's key path: {@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/...},
 * also under an organization ({@code AWSLogs/o-xxxx/<account>/...}), a custom prefix, and for
 * Insights and digests.
 */
final class KeyDates {

	private static final Pattern DATED = Pattern
		.compile("(?:^|/)CloudTrail(?:-Insight|-Digest)?/[^/]+/(\\d{4})/(\\d{2})/(\\d{2})/");

	private static final Pattern REGION_LEVEL = Pattern.compile("(?:^|/)CloudTrail(?:-Insight)?/[^/]+/$");

	private static final Pattern DIGESTS = Pattern.compile("(?:^|/)CloudTrail-Digest/$");

	private KeyDates() {
	}

	/** The day the key's path names, or null if it follows no trail layout. */
	static LocalDate dateOf(String key) {
		Matcher m = DATED.matcher(key);
		if (!m.find()) {
			return null;
		}
		try {
			return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
		}
		catch (DateTimeException ex) {
			return null;
		}
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
