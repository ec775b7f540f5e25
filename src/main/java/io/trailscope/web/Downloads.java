package io.trailscope.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The responses of the exports: a streamed body sent as a file to save, CSV or JSON
 * Lines, under a name that says what it holds and, where the same view can be exported
 * again later, when.
 */
public final class Downloads {

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private static final MediaType JSON_LINES = new MediaType("application", "jsonl", StandardCharsets.UTF_8);

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private Downloads() {
	}

	/** A CSV file named {@code name.csv}. */
	public static ResponseEntity<StreamingResponseBody> csv(String name, StreamingResponseBody body) {
		return attachment(name + ".csv", CSV, body);
	}

	/** A JSON Lines file named {@code name.jsonl}. */
	public static ResponseEntity<StreamingResponseBody> jsonLines(String name, StreamingResponseBody body) {
		return attachment(name + ".jsonl", JSON_LINES, body);
	}

	/**
	 * {@code prefix-20250131T120000Z}: a name that tells two exports of the same view
	 * apart.
	 */
	public static String stamped(String prefix, Instant at) {
		return prefix + "-" + STAMP.format(at);
	}

	private static ResponseEntity<StreamingResponseBody> attachment(String filename, MediaType type,
			StreamingResponseBody body) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.body(body);
	}

}
