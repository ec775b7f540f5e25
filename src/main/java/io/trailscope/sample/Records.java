package io.trailscope.sample;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How CloudTrail lays out a record: field order, time formats, TLS details, event
 * versions.
 */
final class Records {

	static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	// as STS writes credential expirations and IAM writes createDate
	private static final DateTimeFormatter STS_TIME = DateTimeFormatter
		.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final String[] VERSIONS = { "1.08", "1.08", "1.08", "1.09", "1.09", "1.10", "1.10", "1.11" };

	private Records() {
	}

	static String time(Instant time) {
		return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
	}

	static String stsTime(Instant time) {
		return STS_TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
	}

	static ObjectNode object() {
		return JSON.objectNode();
	}

	static ArrayNode array() {
		return JSON.arrayNode();
	}

	/** {@code {"items":[item]}}, the EC2 list shape. */
	static ObjectNode items(ObjectNode... entries) {
		ObjectNode holder = object();
		ArrayNode items = holder.putArray("items");
		for (ObjectNode entry : entries) {
			items.add(entry);
		}
		return holder;
	}

	static ObjectNode resource(String account, String type, String arn) {
		ObjectNode r = object();
		if (account != null) {
			r.put("accountId", account);
		}
		r.put("type", type);
		r.put("ARN", arn);
		return r;
	}

	static boolean isAddress(String address) {
		return !address.endsWith(".com") && !address.equals("AWS Internal");
	}

	/**
	 * One call, filled in by {@link Calls} and the generator, laid out by
	 * {@link #toRecord} in the order CloudTrail writes its fields.
	 */
	static final class Call {

		String source;

		String name;

		String host;

		String region;

		boolean readOnly = true;

		boolean management = true;

		String eventType = "AwsApiCall";

		ObjectNode request;

		ObjectNode response;

		ObjectNode additional;

		ArrayNode resources;

		ObjectNode serviceEventDetails;

		String errorCode;

		String errorMessage;

		String sharedEventId;

		String vpcEndpoint;

		String vpcEndpointAccount;

		Call(String source, String name) {
			this.source = source;
			this.name = name;
		}

		Call data() {
			this.management = false;
			return this;
		}

		Call management(boolean management) {
			this.management = management;
			return this;
		}

		Call write() {
			this.readOnly = false;
			return this;
		}

		Call request(ObjectNode request) {
			this.request = request;
			return this;
		}

		Call response(ObjectNode response) {
			this.response = response;
			return this;
		}

		Call resource(String account, String type, String arn) {
			if (this.resources == null) {
				this.resources = array();
			}
			this.resources.add(Records.resource(account, type, arn));
			return this;
		}

		Call fail(String code, String message) {
			this.errorCode = code;
			this.errorMessage = message;
			this.response = null;
			return this;
		}

		String service() {
			return this.source.substring(0, this.source.indexOf('.'));
		}

		ObjectNode toRecord(Rng rng, ObjectNode identity, Instant time, String address, String userAgent,
				String recipient, String requestId) {
			ObjectNode r = object();
			r.put("eventVersion", VERSIONS[rng.nextInt(VERSIONS.length)]);
			r.set("userIdentity", identity);
			r.put("eventTime", time(time));
			r.put("eventSource", this.source);
			r.put("eventName", this.name);
			r.put("awsRegion", this.region);
			r.put("sourceIPAddress", address);
			r.put("userAgent", userAgent);
			if (this.errorCode != null) {
				r.put("errorCode", this.errorCode);
				if (this.errorMessage != null) {
					r.put("errorMessage", this.errorMessage);
				}
			}
			putOrNull(r, "requestParameters", this.request);
			putOrNull(r, "responseElements", this.response);
			if (this.additional != null) {
				r.set("additionalEventData", this.additional);
			}
			if (requestId != null) {
				r.put("requestID", requestId);
			}
			r.put("eventID", rng.uuid());
			r.put("readOnly", this.readOnly);
			if (this.resources != null) {
				r.set("resources", this.resources);
			}
			r.put("eventType", this.eventType);
			r.put("managementEvent", this.management);
			r.put("recipientAccountId", recipient);
			if (this.sharedEventId != null) {
				r.put("sharedEventID", this.sharedEventId);
			}
			if (this.vpcEndpoint != null) {
				r.put("vpcEndpointId", this.vpcEndpoint);
				r.put("vpcEndpointAccountId", this.vpcEndpointAccount);
			}
			if (this.serviceEventDetails != null) {
				r.set("serviceEventDetails", this.serviceEventDetails);
			}
			r.put("eventCategory", this.management ? "Management" : "Data");
			if (isAddress(address) && !"AwsServiceEvent".equals(this.eventType)) {
				ObjectNode tls = r.putObject("tlsDetails");
				boolean modern = rng.chance(0.8);
				tls.put("tlsVersion", modern ? "TLSv1.3" : "TLSv1.2");
				tls.put("cipherSuite", modern ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-GCM-SHA256");
				tls.put("clientProvidedHostHeader",
						this.host != null ? this.host : this.service() + "." + this.region + ".amazonaws.com");
			}
			return r;
		}

		private static void putOrNull(ObjectNode r, String field, ObjectNode value) {
			if (value == null) {
				r.putNull(field);
			}
			else {
				r.set(field, value);
			}
		}

	}

}
