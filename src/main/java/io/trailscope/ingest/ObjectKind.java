package io.trailscope.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an object in a trail bucket is, decided from its key, and what else a trail's key
 * layout tells: {@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/...}, also under
 * an organization ({@code AWSLogs/o-xxxx/<account>/...}), a custom prefix, and for
 * Insights and digests. The one place that reads keys: whether one is loaded, its day and
 * its account.
 */
public enum ObjectKind {

	/** A CloudTrail log file: loaded. */
	LOG(true),
	/** A CloudTrail Insights file: loaded. */
	INSIGHT(true),
	/** An integrity digest: skipped. */
	DIGEST(false),
	/** A folder placeholder: skipped. */
	FOLDER(false),
	/** Anything else that shares the bucket: skipped. */
	OTHER(false);

	/**
	 * One pattern for the day and the account, so both are read from the same place in
	 * the key. The {@code AWSLogs/<account>/} part is optional: a key from
	 * {@code CloudTrail/} on still has a day.
	 */
	private static final Pattern LAYOUT = Pattern.compile("(?:^|/)(?:AWSLogs/(?:o-[a-z0-9]+/)?(?<account>\\d{12})/)?"
			+ "CloudTrail(?:-Insight|-Digest)?/[^/]+/(?<year>\\d{4})/(?<month>\\d{2})/(?<day>\\d{2})/");

	private static final Pattern REGION_LEVEL = Pattern.compile("(?:^|/)CloudTrail(?:-Insight)?/[^/]+/$");

	private static final Pattern DIGESTS = Pattern.compile("(?:^|/)CloudTrail-Digest/$");

	private final boolean loaded;

	ObjectKind(boolean loaded) {
		this.loaded = loaded;
	}

	public boolean loaded() {
		return this.loaded;
	}

	/**
	 * Routes an S3 key: {@code .../CloudTrail/...} and {@code .../CloudTrail-Insight/...}
	 * files are loaded; digests, folder keys and unrelated objects are not.
	 */
	public static ObjectKind ofS3Key(String key) {
		if (key.endsWith("/")) {
			return FOLDER;
		}
		if (key.contains("/CloudTrail-Digest/") || key.startsWith("CloudTrail-Digest/")) {
			return DIGEST;
		}
		if (!isDataFile(key)) {
			return OTHER;
		}
		if (key.contains("/CloudTrail-Insight/") || key.startsWith("CloudTrail-Insight/")) {
			return INSIGHT;
		}
		if (key.contains("/CloudTrail/") || key.startsWith("CloudTrail/")) {
			return LOG;
		}
		return OTHER;
	}

	/**
	 * Routes a local file or an upload: responders get logs in any folder layout, so
	 * every JSON file is a log unless it is a digest.
	 */
	public static ObjectKind ofLocalName(String path) {
		String normalized = path.replace('\\', '/');
		if (normalized.contains("CloudTrail-Digest")) {
			return DIGEST;
		}
		if (!isDataFile(normalized)) {
			return OTHER;
		}
		return normalized.contains("CloudTrail-Insight") ? INSIGHT : LOG;
	}

	/**
	 * Whether the name ends as a file of records does: JSON, JSON Lines, gzipped or not.
	 */
	public static boolean isDataFile(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return lower.endsWith(".json.gz") || lower.endsWith(".json") || lower.endsWith(".jsonl")
				|| lower.endsWith(".jsonl.gz") || lower.endsWith(".gz") || lower.endsWith(".ndjson");
	}

	/** The day the key's path names, or null if it follows no trail layout. */
	public static LocalDate dateOf(String key) {
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
	 * The 12-digit account whose trail the key's path names, or null if it follows no
	 * trail layout or names no account.
	 */
	public static String accountOf(String key) {
		Matcher m = LAYOUT.matcher(key);
		return m.find() ? m.group("account") : null;
	}

	/**
	 * Whether the keys under {@code prefix} are {@code YYYY/MM/DD/...} of one region, so
	 * a listing may start at the first day of a range and stop after its last.
	 */
	public static boolean isRegionPrefix(String prefix) {
		return REGION_LEVEL.matcher(prefix).find();
	}

	/** Whether {@code prefix} holds only digests, which are never loaded. */
	public static boolean isDigestPrefix(String prefix) {
		return DIGESTS.matcher(prefix).find();
	}

	/** The path form of a day, as it stands after a region prefix. */
	public static String path(LocalDate day) {
		return "%04d/%02d/%02d/".formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth());
	}

}
