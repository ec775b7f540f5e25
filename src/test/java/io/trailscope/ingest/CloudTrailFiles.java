package io.trailscope.ingest;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small CloudTrail files for tests: trail files, gzip, zips. */
public final class CloudTrailFiles {

	/** The example session token of the AWS documentation. */
	public static final String EXAMPLE_SESSION_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

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

	/**
	 * A record of eventVersion 1.01, written before CloudTrail named the recipient
	 * account.
	 */
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

	/**
	 * A trail file ({@code {"Records":[...]}}) of records with these ids at this time.
	 */
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

	/**
	 * A gzip bomb: a trail file of these records and then a gigabyte of spaces before its
	 * last record, the spaces in 64 gzip members of 16 MiB each; about a megabyte of
	 * file.
	 */
	public static byte[] gzipBomb(String... records) {
		ByteArrayOutputStream bomb = new ByteArrayOutputStream();
		bomb.writeBytes(gzip("{\"Records\":[" + String.join(",", records) + (records.length > 0 ? "," : "")));
		byte[] spaces = gzip(" ".repeat(16 << 20));
		for (int i = 0; i < 64; i++) {
			bomb.writeBytes(spaces);
		}
		bomb.writeBytes(gzip(record("after-the-spaces", "2024-06-01T10:00:00Z") + "]}"));
		return bomb.toByteArray();
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

	/**
	 * Writes a zip of {@code count} empty files named {@code e0000000.json} and so on,
	 * stored, with the Zip64 end records that more than 65,535 entries need: written
	 * directly, since {@link ZipOutputStream} keeps every entry in memory until it
	 * finishes.
	 */
	public static void zipOfEmptyFiles(Path file, int count) {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
			ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
			long offset = 0;
			for (int i = 0; i < count; i++) {
				byte[] name = emptyFileName(i);
				header.clear()
					.putInt(0x04034b50)
					.putShort((short) 10)
					.putShort((short) 0)
					.putShort((short) 0)
					.putInt(0)
					.putInt(0)
					.putInt(0)
					.putInt(0)
					.putShort((short) name.length)
					.putShort((short) 0);
				out.write(header.array(), 0, header.position());
				out.write(name);
				offset += header.position() + name.length;
			}
			long directoryStart = offset;
			for (int i = 0; i < count; i++) {
				byte[] name = emptyFileName(i);
				long local = (long) i * (30 + name.length);
				header.clear()
					.putInt(0x02014b50)
					.putShort((short) 20)
					.putShort((short) 10)
					.putShort((short) 0)
					.putShort((short) 0)
					.putInt(0)
					.putInt(0)
					.putInt(0)
					.putInt(0)
					.putShort((short) name.length)
					.putShort((short) 0)
					.putShort((short) 0)
					.putShort((short) 0)
					.putShort((short) 0)
					.putInt(0)
					.putInt((int) local);
				out.write(header.array(), 0, header.position());
				out.write(name);
				offset += header.position() + name.length;
			}
			long directorySize = offset - directoryStart;
			header.clear()
				.putInt(0x06064b50)
				.putLong(44)
				.putShort((short) 45)
				.putShort((short) 45)
				.putInt(0)
				.putInt(0)
				.putLong(count)
				.putLong(count)
				.putLong(directorySize)
				.putLong(directoryStart);
			out.write(header.array(), 0, header.position());
			header.clear().putInt(0x07064b50).putInt(0).putLong(offset).putInt(1);
			out.write(header.array(), 0, header.position());
			header.clear()
				.putInt(0x06054b50)
				.putShort((short) 0)
				.putShort((short) 0)
				.putShort((short) 0xffff)
				.putShort((short) 0xffff)
				.putInt((int) directorySize)
				.putInt((int) directoryStart)
				.putShort((short) 0);
			out.write(header.array(), 0, header.position());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code e0000042.json}, written digit by digit: formatting two million names took
	 * seconds.
	 */
	private static byte[] emptyFileName(int i) {
		byte[] name = "e0000000.json".getBytes(StandardCharsets.US_ASCII);
		for (int digit = 7, rest = i; digit >= 1; digit--, rest /= 10) {
			name[digit] = (byte) ('0' + rest % 10);
		}
		return name;
	}

	public static Map<String, byte[]> entries() {
		return new LinkedHashMap<>();
	}

}
