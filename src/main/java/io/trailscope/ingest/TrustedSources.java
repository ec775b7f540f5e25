package io.trailscope.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which S3 objects ingest may read, and which queue messages it believes. A queue message
 * is only a claim by whoever could send to the queue; an object is loaded only if its
 * bucket, or a prefix of it, is listed here, and a message in an SNS envelope only if
 * Amazon SNS signed it.
 *
 * @param allowedBuckets bucket names ({@code my-trail}) or a bucket and a key prefix
 * ({@code my-trail/AWSLogs/111122223333/}), optionally written as {@code s3://} URLs. A
 * prefix matches as S3 prefixes do, character by character: end it with {@code /} to mean
 * a folder. Empty or unset: every bucket the console's credentials can read, which is
 * only fit for a local stack
 * @param sns how SNS envelopes are checked
 */
@ConfigurationProperties("trailscope.ingest")
public record TrustedSources(List<String> allowedBuckets, @DefaultValue Sns sns) {

	private static final String SETTING = "trailscope.ingest.allowed-buckets";

	/**
	 * What a bucket name may hold, generously (older buckets allowed capitals and
	 * underscores).
	 */
	private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

	public TrustedSources {
		List<String> entries = new ArrayList<>();
		for (String entry : allowedBuckets == null ? List.<String>of() : allowedBuckets) {
			String value = entry == null ? "" : entry.strip();
			if (value.regionMatches(true, 0, "s3://", 0, 5)) {
				value = value.substring(5);
			}
			if (value.isEmpty()) {
				continue;
			}
			if (!BUCKET.matcher(bucketOf(value)).matches()) {
				throw new IllegalArgumentException(
						SETTING + ": '" + OneLine.of(entry, 100) + "' is neither a bucket name nor bucket/prefix");
			}
			entries.add(value);
		}
		allowedBuckets = List.copyOf(entries);
		sns = sns == null ? new Sns(true) : sns;
	}

	/** Whether only the listed buckets and prefixes are read. */
	public boolean restricted() {
		return !this.allowedBuckets.isEmpty();
	}

	/**
	 * Why an object may not be read, or null if it may. The reason names the bucket but
	 * not the key, so that the Ingest page can count refusals by reason.
	 */
	public String refusal(String bucket, String key) {
		if (!restricted()) {
			return null;
		}
		List<String> prefixes = prefixesOf(bucket);
		if (prefixes.isEmpty()) {
			return "not an allowed source: bucket " + OneLine.of(bucket, 100) + " is not in " + SETTING;
		}
		if (prefixes.stream().anyMatch(key::startsWith)) {
			return null;
		}
		return "not an allowed source: the key is outside the prefixes of bucket " + bucket + " in " + SETTING;
	}

	/**
	 * Why a backfill of this prefix may not run, or null if it may: everything it would
	 * list must be allowed, so the prefix must lie within an allowed one.
	 */
	public String prefixRefusal(String bucket, String prefix) {
		if (!restricted() || prefixesOf(bucket).stream().anyMatch(prefix::startsWith)) {
			return null;
		}
		return "not an allowed source: s3://" + bucket + "/" + prefix + " is outside " + SETTING + " ("
				+ String.join(", ", this.allowedBuckets.stream().map(entry -> "s3://" + entry).toList()) + ")";
	}

	/**
	 * The key prefixes allowed in a bucket: empty if none is, one empty prefix for all of
	 * it.
	 */
	private List<String> prefixesOf(String bucket) {
		return this.allowedBuckets.stream()
			.filter(entry -> bucketOf(entry).equals(bucket))
			.map(entry -> entry.length() > bucket.length() ? entry.substring(bucket.length() + 1) : "")
			.toList();
	}

	private static String bucketOf(String entry) {
		int slash = entry.indexOf('/');
		return slash < 0 ? entry : entry.substring(0, slash);
	}

	/**
	 * @param verifySignatures whether a message in an SNS envelope is believed only with
	 * Amazon SNS's signature (SignatureVersion 1 or 2, the certificate from an
	 * {@code sns.<region>.amazonaws.com} host over HTTPS). Off only for a local stack
	 * whose envelopes are written by hand
	 */
	public record Sns(@DefaultValue("true") boolean verifySignatures) {
	}
}
