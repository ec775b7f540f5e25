package io.trailscope.ingest.queue;

import tools.jackson.databind.JsonNode;

/**
 * The Amazon SNS envelope a queue message came in (raw message delivery off): the fields
 * its signature covers and where the certificate that checks it is. Fields the envelope
 * lacks are null.
 */
record SnsEnvelope(String type, String messageId, String subject, String message, String timestamp, String topicArn,
		String signatureVersion, String signature, String signingCertUrl) {

	static SnsEnvelope of(JsonNode root) {
		return new SnsEnvelope(field(root, "Type"), field(root, "MessageId"), field(root, "Subject"),
				field(root, "Message"), field(root, "Timestamp"), field(root, "TopicArn"),
				field(root, "SignatureVersion"), field(root, "Signature"), field(root, "SigningCertURL"));
	}

	/**
	 * What SNS signs for a notification: the name and the value of Message, MessageId,
	 * Subject (only when the envelope has one), Timestamp, TopicArn and Type, each on a
	 * line of its own, as the values were before JSON escaped them.
	 */
	String signedText() {
		StringBuilder text = new StringBuilder();
		line(text, "Message", this.message);
		line(text, "MessageId", this.messageId);
		if (this.subject != null) {
			line(text, "Subject", this.subject);
		}
		line(text, "Timestamp", this.timestamp);
		line(text, "TopicArn", this.topicArn);
		line(text, "Type", this.type);
		return text.toString();
	}

	private static void line(StringBuilder text, String name, String value) {
		text.append(name).append('\n').append(value).append('\n');
	}

	/**
	 * A field's text exactly as sent: an empty Subject is signed as empty, not left out.
	 */
	private static String field(JsonNode root, String name) {
		JsonNode value = root.path(name);
		return value.isString() ? value.stringValue() : null;
	}
}
