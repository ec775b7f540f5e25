package io.trailscope.ingest.local;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a zip's central directory lists, read a header at a time before the archive is
 * opened. {@link java.util.zip.ZipFile} holds the whole directory in memory, with an
 * index of every entry, as it opens: a zip of a million empty entries, or of entries with
 * long names, takes hundreds of megabytes of heap before one entry is read. Reading the
 * directory here, with the entry limit in hand, refuses such a zip in constant memory and
 * after reading only as much of it as the limit.
 *
 * <p>
 * Finds the directory as {@code ZipFile} does, from the end record (and its Zip64 form
 * for large archives): it ends where the end record starts.
 */
final class ZipDirectory {

	/**
	 * Bytes of directory an entry may take on average: its fixed header and a name of
	 * about a kilobyte.
	 */
	static final int BYTES_PER_ENTRY = 1024;

	private static final int END_SIGNATURE = 0x06054b50;

	private static final int END_SIZE = 22;

	private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

	private static final int ZIP64_LOCATOR_SIZE = 20;

	private static final int ZIP64_END_SIGNATURE = 0x06064b50;

	private static final int ENTRY_SIGNATURE = 0x02014b50;

	private static final int ENTRY_SIZE = 46;

	private static final int LONGEST_COMMENT = 0xffff;

	/**
	 * @param files the entries that are files (not folders), counted only when nothing is
	 * refused
	 * @param refusal why the zip is refused, or null
	 */
	record Listing(long files, String refusal) {

		boolean refused() {
			return this.refusal != null;
		}
	}

	private ZipDirectory() {
	}

	/**
	 * Reads the directory of {@code zip}, stopping at the first entry past
	 * {@code maxEntries}.
	 * @throws IOException if the file cannot be read or is not a zip archive
	 */
	static Listing read(Path zip, int maxEntries) throws IOException {
		String limit = "(trailscope.ingest.limits.max-zip-entries)";
		try (FileChannel file = FileChannel.open(zip, StandardOpenOption.READ)) {
			long end = findEnd(file);
			ByteBuffer record = read(file, end, END_SIZE);
			long directorySize = record.getInt(12) & 0xffffffffL;
			long directoryEnd = end;
			if (directorySize == 0xffffffffL || (record.getInt(16) & 0xffffffffL) == 0xffffffffL
					|| (record.getShort(10) & 0xffff) == 0xffff) {
				long zip64End = zip64End(file, end);
				if (zip64End >= 0) {
					directorySize = read(file, zip64End, 56).getLong(40);
					directoryEnd = zip64End;
				}
			}
			if (directorySize < 0 || directorySize > directoryEnd) {
				throw new IOException("not a zip archive: its directory does not fit in the file");
			}
			if (directorySize > (long) maxEntries * BYTES_PER_ENTRY) {
				return new Listing(0, "its directory is larger than " + maxEntries + " entries need " + limit);
			}
			return entries(file, directoryEnd - directorySize, directorySize, maxEntries, limit);
		}
	}

	private static Listing entries(FileChannel file, long start, long size, int maxEntries, String limit)
			throws IOException {
		long entries = 0;
		long files = 0;
		long position = 0;
		InputStream channel = Channels.newInputStream(file.position(start));
		DataInputStream in = new DataInputStream(new BufferedInputStream(channel, 64 * 1024));
		byte[] header = new byte[ENTRY_SIZE];
		ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
		while (position + ENTRY_SIZE <= size) {
			in.readFully(header);
			if (fields.getInt(0) != ENTRY_SIGNATURE) {
				throw new IOException("not a zip archive: a bad entry header in its directory");
			}
			if (++entries > maxEntries) {
				return new Listing(0, "more than " + maxEntries + " entries " + limit);
			}
			int nameLength = fields.getShort(28) & 0xffff;
			int extraLength = fields.getShort(30) & 0xffff;
			int commentLength = fields.getShort(32) & 0xffff;
			byte[] name = in.readNBytes(nameLength);
			if (name.length < nameLength) {
				throw new EOFException("not a zip archive: its directory ends early");
			}
			if (nameLength == 0 || name[nameLength - 1] != '/') {
				files++;
			}
			in.skipNBytes(extraLength + commentLength);
			position += ENTRY_SIZE + nameLength + extraLength + commentLength;
		}
		return new Listing(files, null);
	}

	/**
	 * Where the end record is: the last one the file's tail holds, after which only its
	 * comment comes.
	 */
	private static long findEnd(FileChannel file) throws IOException {
		long length = file.size();
		int tail = (int) Math.min(length, END_SIZE + LONGEST_COMMENT);
		ByteBuffer bytes = read(file, length - tail, tail);
		for (int i = tail - END_SIZE; i >= 0; i--) {
			if (bytes.getInt(i) == END_SIGNATURE && i + END_SIZE + (bytes.getShort(i + 20) & 0xffff) <= tail) {
				return length - tail + i;
			}
		}
		throw new IOException("not a zip archive: no end of central directory record");
	}

	/** Where the Zip64 end record is, or -1 when the archive has none. */
	private static long zip64End(FileChannel file, long end) throws IOException {
		if (end < ZIP64_LOCATOR_SIZE) {
			return -1;
		}
		ByteBuffer locator = read(file, end - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
		if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
			return -1;
		}
		long position = locator.getLong(8);
		if (position < 0 || position + 56 > end || read(file, position, 4).getInt(0) != ZIP64_END_SIGNATURE) {
			throw new IOException("not a zip archive: a bad Zip64 end record");
		}
		return position;
	}

	private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			if (file.read(buffer, position + buffer.position()) < 0) {
				throw new EOFException("not a zip archive: it ends early");
			}
		}
		return buffer.flip();
	}

}
