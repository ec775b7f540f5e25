package io.trailscope.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small CloudTrail files for tests: trail files, gzip, zips. */
public final class CloudTrailFiles {

	private CloudTrailFiles() {
	}

	public static String record(String id, String time) {
		return """
				{"eventVersion":"1.08","eventTime":"%s","eventID":"%s","recipientAccountId":"111111111111",
				 "eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1",
				 "sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.0",
				 "userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::111111111111:user/alice",
				   "accountId":"111111111111","accessKeyId":"AKIAEXAMPLE"}}
				""".formatted(time, id);
	}

	/** A record of eventVersion 1.01, written before CloudTrail named the recipient account. */
	public static String recordWithoutAccount(String id) {
		return """
				{"eventVersion":"1.01","eventTime":"2014-03-06T21:22:54Z","eventID":"%s",
				 "eventSource":"ec2.amazonaws.com","eventName":"StartInstances","awsRegion":"us-east-1",
				 "sourceIPAddress":"198.51.100.7","userAgent":"ec2-api-tools 1.6.12.2",
				 "userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","userName":"alice",
				   "arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE"}}
				""".formatted(id);
	}

	/** A trail file ({@code {"Records":[...]}}) of these records. */
	public static byte[] trailOf(String... records) {
		return ("{\"Records\":[" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
	}

	/** A trail file ({@code {"Records":[...]}}) of records with these ids at this time. */
	public static String trail(String time, String... ids) {
		return "{\"Records\":[" + Arrays.stream(ids).map(id -> record(id, time)).collect(Collectors.joining(","))
				+ "]}";
	}

	public static byte[] gzip(String text) {
		return gzip(text.getBytes(StandardCharsets.UTF_8));
	}

	public static byte[] gzip(byte[] content) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
			gz.write(content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** A zip of entries, in order. */
	public static byte[] zip(Map<String, byte[]> entries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static Map<String, byte[]> entries() {
		return new LinkedHashMap<>();
	}
}
