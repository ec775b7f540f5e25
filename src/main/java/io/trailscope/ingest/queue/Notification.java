package io.trailscope.ingest.queue;

import java.util.List;
import java.util.Locale;

import io.trailscope.ingest.ObjectRef;

/**
 * What one queue message announces: the objects to load, in order, and what kind of
 * message it was (for the metrics and the log).
 *
 * @param shape the message's shape
 * @param envelope the SNS envelope it came inside, or null
 * @param objects the objects to load; empty for test, validation and ignored messages
 * @param note why nothing is loaded (the ignored event, the parse failure), or null
 */
record Notification(Shape shape, SnsEnvelope envelope, List<ObjectRef> objects, String note) {

	Notification {
		objects = List.copyOf(objects);
	}

	enum Shape {

		/** An S3 event notification ({@code Records[].s3}). */
		S3_EVENT,
		/**
		 * CloudTrail's own notice of a delivered log file ({@code s3Bucket},
		 * {@code s3ObjectKey}).
		 */
		CLOUDTRAIL,
		/** An EventBridge "Object Created" event. */
		EVENTBRIDGE,
		/** S3's {@code s3:TestEvent}, sent when a notification is configured. */
		TEST_EVENT,
		/**
		 * CloudTrail's "CloudTrail validation message.", sent when a topic is configured.
		 */
		VALIDATION,
		/**
		 * A well-formed message about something else (an object removed, another
		 * EventBridge event).
		 */
		IGNORED,
		/** Not a message of any known shape. */
		UNRECOGNIZED,
		/**
		 * An SNS envelope that Amazon SNS's signature does not vouch for: what it names
		 * is not loaded.
		 */
		UNVERIFIED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static Notification of(Shape shape, SnsEnvelope envelope, List<ObjectRef> objects) {
		return new Notification(shape, envelope, objects, null);
	}

	static Notification nothing(Shape shape, SnsEnvelope envelope, String note) {
		return new Notification(shape, envelope, List.of(), note);
	}

	/** Whether it came inside an SNS envelope. */
	boolean viaSns() {
		return this.envelope != null;
	}

	/** Whether the message can only be acknowledged and dropped. */
	boolean dropped() {
		return this.objects.isEmpty();
	}
}
