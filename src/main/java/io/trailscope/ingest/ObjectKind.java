package io.trailscope.ingest;

/** What an object in a trail bucket is, decided from its key. */
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

	private final boolean loaded;

	ObjectKind(boolean loaded) {
		this.loaded = loaded;
	}

	public boolean loaded() {
		return this.loaded;
	}

	/**
	 * Routes an S3 key: {@code .../CloudTrail/...} and {@code .../CloudTrail-Insight/...} files are
	 * loaded; digests, folder keys and unrelated objects are not.
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
	 * Routes a local file or an upload: responders get logs in any folder layout, so every JSON
	 * file is a log unless it is a digest.
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

	static boolean isDataFile(String key) {
		String lower = key.toLowerCase(java.util.Locale.ROOT);
		return lower.endsWith(".json.gz") || lower.endsWith(".json") || lower.endsWith(".jsonl")
				|| lower.endsWith(".jsonl.gz") || lower.endsWith(".gz") || lower.endsWith(".ndjson");
	}
}
