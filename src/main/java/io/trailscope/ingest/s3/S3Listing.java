package io.trailscope.ingest.s3;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.trailscope.ingest.ObjectKind;

/**
 * Lists the objects under a prefix in key order (ListObjectsV2, page by page), within a
 * range of days and after a resume position. With a range, the trail layout is walked
 * level by level so that each region's listing starts at the first day of the range and
 * stops after the last, and digest folders are not listed at all; without one, the prefix
 * is listed flat.
 */
final class S3Listing {

	private final S3Client s3;

	private final String bucket;

	private final LocalDate from;

	private final LocalDate to;

	private final String after;

	private final BooleanSupplier stopped;

	/**
	 * @param after the last key already done, or null; only keys after it are listed
	 * @param stopped asked between objects; the listing ends when it says so
	 */
	S3Listing(S3Client s3, String bucket, LocalDate from, LocalDate to, String after, BooleanSupplier stopped) {
		this.s3 = s3;
		this.bucket = bucket;
		this.from = from;
		this.to = to;
		this.after = after == null || after.isEmpty() ? null : after;
		this.stopped = stopped;
	}

	/** Hands each object under {@code prefix} to {@code sink}, in key order. */
	void list(String prefix, Consumer<S3Object> sink) {
		if (this.from == null && this.to == null) {
			flat(prefix, this.after, sink);
		}
		else {
			walk(prefix, sink);
		}
	}

	private void walk(String prefix, Consumer<S3Object> sink) {
		if (ObjectKind.isDigestPrefix(prefix)) {
			return;
		}
		if (ObjectKind.isRegionPrefix(prefix)) {
			// "YYYY/MM/DD" sorts after every key of the day before and before every key
			// of the day itself
			String start = this.from == null ? null : prefix + ObjectKind.path(this.from).replaceAll("/$", "");
			flat(prefix, max(start, this.after), sink);
			return;
		}
		ListObjectsV2Request request = ListObjectsV2Request.builder()
			.bucket(this.bucket)
			.prefix(prefix)
			.delimiter("/")
			.build();
		for (ListObjectsV2Response page : this.s3.listObjectsV2Paginator(request)) {
			// objects and sub-folders of one page, merged back into key order
			List<String> entries = new ArrayList<>();
			page.contents().forEach(object -> entries.add(object.key()));
			page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(entries::add);
			entries.sort(Comparator.naturalOrder());
			int o = 0;
			for (String entry : entries) {
				if (this.stopped.getAsBoolean()) {
					return;
				}
				if (o < page.contents().size() && page.contents().get(o).key().equals(entry)) {
					S3Object object = page.contents().get(o++);
					if ((this.after == null || object.key().compareTo(this.after) > 0) && inRange(object.key())) {
						sink.accept(object);
					}
				}
				else if (this.after == null || entry.compareTo(this.after) > 0 || this.after.startsWith(entry)) {
					walk(entry, sink);
				}
			}
		}
	}

	private void flat(String prefix, String startAfter, Consumer<S3Object> sink) {
		ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(this.bucket).prefix(prefix);
		if (startAfter != null) {
			request.startAfter(startAfter);
		}
		for (ListObjectsV2Response page : this.s3.listObjectsV2Paginator(request.build())) {
			for (S3Object object : page.contents()) {
				if (this.stopped.getAsBoolean()) {
					return;
				}
				LocalDate day = ObjectKind.dateOf(object.key());
				if (this.to != null && day != null && day.isAfter(this.to) && ObjectKind.isRegionPrefix(prefix)) {
					// a region's keys are in day order: nothing further is in range
					return;
				}
				if (inRange(object.key())) {
					sink.accept(object);
				}
			}
		}
	}

	/** With a range, only keys whose path names a day within it. */
	private boolean inRange(String key) {
		if (this.from == null && this.to == null) {
			return true;
		}
		LocalDate day = ObjectKind.dateOf(key);
		return day != null && (this.from == null || !day.isBefore(this.from))
				&& (this.to == null || !day.isAfter(this.to));
	}

	private static String max(String a, String b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		return a.compareTo(b) >= 0 ? a : b;
	}

}
