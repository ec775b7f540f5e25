package io.trailscope.ingest.queue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import io.trailscope.ingest.ObjectRef;

/**
 * Reads every message shape a trail's bucket can put on the queue: an S3 event
 * notification, the same inside an SNS envelope, CloudTrail's own SNS notice, an
 * EventBridge "Object Created" event, and the test and validation messages sent when
 * notifications are set up. Pure: no I/O; an SNS envelope is kept with what it holds, for
 * {@link SnsSignatures} to check.
 */
final class NotificationParser {

	static final String VALIDATION_MESSAGE = "CloudTrail validation message.";

	private final ObjectMapper mapper;

	NotificationParser() {
		this(JsonMapper.builder().build());
	}

	NotificationParser(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	Notification parse(String body) {
		return parse(body, null);
	}

	private Notification parse(String body, SnsEnvelope envelope) {
		if (body == null || body.isBlank()) {
			return Notification.nothing(Notification.Shape.UNRECOGNIZED, envelope, "empty message");
		}
		if (VALIDATION_MESSAGE.equals(body.strip())) {
			return Notification.nothing(Notification.Shape.VALIDATION, envelope, VALIDATION_MESSAGE);
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return Notification.nothing(Notification.Shape.UNRECOGNIZED, envelope,
					"not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			return Notification.nothing(Notification.Shape.UNRECOGNIZED, envelope, "not a JSON object");
		}
		try {
			return parse(root, envelope);
		}
		catch (IllegalArgumentException ex) {
			return Notification.nothing(Notification.Shape.UNRECOGNIZED, envelope, ex.getMessage());
		}
	}

	private Notification parse(JsonNode root, SnsEnvelope envelope) {
		if (envelope == null && "Notification".equals(text(root, "Type")) && root.path("Message").isString()) {
			return parse(root.path("Message").stringValue(), SnsEnvelope.of(root));
		}
		if (root.has("Records")) {
			return s3Event(root, envelope);
		}
		if (root.has("s3Bucket") || root.has("s3ObjectKey")) {
			return cloudTrail(root, envelope);
		}
		if ("s3:TestEvent".equals(text(root, "Event"))) {
			return Notification.nothing(Notification.Shape.TEST_EVENT, envelope,
					"s3:TestEvent for " + text(root, "Bucket"));
		}
		if (root.has("detail-type") && root.has("detail")) {
			return eventBridge(root, envelope);
		}
		return Notification.nothing(Notification.Shape.UNRECOGNIZED, envelope, "no known notification fields");
	}

	private static Notification s3Event(JsonNode root, SnsEnvelope envelope) {
		JsonNode records = root.path("Records");
		if (!records.isArray()) {
			throw new IllegalArgumentException("Records is not an array");
		}
		List<ObjectRef> objects = new ArrayList<>();
		List<String> ignored = new ArrayList<>();
		for (JsonNode record : records) {
			String eventName = text(record, "eventName");
			JsonNode s3 = record.path("s3");
			if (!s3.isObject()) {
				throw new IllegalArgumentException("an S3 event record without s3");
			}
			if (eventName != null && !eventName.startsWith("ObjectCreated:")) {
				ignored.add(eventName);
				continue;
			}
			String bucket = text(s3.path("bucket"), "name");
			String key = text(s3.path("object"), "key");
			if (bucket == null || key == null) {
				throw new IllegalArgumentException("an S3 event record without bucket name or object key");
			}
			objects.add(ObjectRef.s3(bucket, decodeKey(key), text(s3.path("object"), "eTag"),
					size(s3.path("object").path("size")), time(text(record, "eventTime"))));
		}
		if (objects.isEmpty()) {
			return Notification.nothing(
					ignored.isEmpty() ? Notification.Shape.UNRECOGNIZED : Notification.Shape.IGNORED, envelope,
					ignored.isEmpty() ? "an S3 event without records" : "S3 events " + String.join(", ", ignored));
		}
		return Notification.of(Notification.Shape.S3_EVENT, envelope, objects);
	}

	private static Notification cloudTrail(JsonNode root, SnsEnvelope envelope) {
		String bucket = text(root, "s3Bucket");
		JsonNode keys = root.path("s3ObjectKey");
		if (bucket == null) {
			throw new IllegalArgumentException("a CloudTrail notice without s3Bucket");
		}
		List<ObjectRef> objects = new ArrayList<>();
		if (keys.isString()) {
			objects.add(ObjectRef.s3(bucket, keys.stringValue(), null, -1, null));
		}
		else if (keys.isArray()) {
			for (JsonNode key : keys) {
				if (!key.isString() || key.stringValue().isEmpty()) {
					throw new IllegalArgumentException("a CloudTrail notice with a key that is not text");
				}
				objects.add(ObjectRef.s3(bucket, key.stringValue(), null, -1, null));
			}
		}
		if (objects.isEmpty()) {
			throw new IllegalArgumentException("a CloudTrail notice without s3ObjectKey");
		}
		return Notification.of(Notification.Shape.CLOUDTRAIL, envelope, objects);
	}

	private static Notification eventBridge(JsonNode root, SnsEnvelope envelope) {
		String type = text(root, "detail-type");
		if (!"Object Created".equals(type)) {
			return Notification.nothing(Notification.Shape.IGNORED, envelope, "EventBridge " + type);
		}
		JsonNode detail = root.path("detail");
		String bucket = text(detail.path("bucket"), "name");
		String key = text(detail.path("object"), "key");
		if (bucket == null || key == null) {
			throw new IllegalArgumentException("an EventBridge Object Created event without bucket name or object key");
		}
		return Notification.of(Notification.Shape.EVENTBRIDGE, envelope,
				List.of(ObjectRef.s3(bucket, key, text(detail.path("object"), "etag"),
						size(detail.path("object").path("size")), time(text(root, "time")))));
	}

	/**
	 * S3 event notifications carry keys form-encoded: {@code +} is a space, {@code %2F} a
	 * slash.
	 */
	static String decodeKey(String key) {
		return URLDecoder.decode(key, StandardCharsets.UTF_8);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString()) {
			return value.stringValue().isEmpty() ? null : value.stringValue();
		}
		return value.isNumber() ? value.asString() : null;
	}

	/** The size the message states, or -1. */
	private static long size(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.longValue();
		}
		if (node.isString()) {
			try {
				return Long.parseLong(node.stringValue());
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * S3 and EventBridge state times in ISO 8601 with an offset; anything else is no
	 * time.
	 */
	private static Instant time(String value) {
		if (value == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
