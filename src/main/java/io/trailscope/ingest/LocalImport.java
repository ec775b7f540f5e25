package io.trailscope.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Loads local files and directories (recursively: {@code .json.gz}, {@code .json}, {@code .jsonl},
 * and {@code .zip} archives of them), as incident responders receive them, through the same reader
 * and loader as the queue.
 */
@Component
public class LocalImport {

	private static final Logger log = LoggerFactory.getLogger(LocalImport.class);

	private final IngestService ingest;

	LocalImport(IngestService ingest) {
		this.ingest = ingest;
	}

	/** Imports every file below the given paths; one bad file does not stop the others. */
	public ImportSummary importPaths(List<Path> paths, ImportListener listener) {
		return importPaths(paths, "file", file -> file.toAbsolutePath().normalize().toString(), listener);
	}

	/**
	 * Imports files that stand for objects from elsewhere (browser uploads saved to temporary
	 * files): the ledger records them under {@code source} and the name {@code names} gives each
	 * file (a zip's entries as {@code name!/entry}), not under their temporary location.
	 */
	ImportSummary importPaths(List<Path> paths, String source, Function<Path, String> names, ImportListener listener) {
		ImportSummary.Builder summary = new ImportSummary.Builder();
		for (Path path : paths) {
			if (!Files.exists(path)) {
				summary.failed(path.toString(), "no such file or directory");
				listener.fileDone(path.toString(), new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0,
						"no such file or directory"));
				continue;
			}
			for (Path file : files(path)) {
				if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
					importZip(file, source, names.apply(file), summary, listener);
				}
				else {
					importFile(file, source, names.apply(file), summary, listener);
				}
			}
		}
		return summary.build();
	}

	private void importFile(Path file, String source, String name, ImportSummary.Builder summary,
			ImportListener listener) {
		try {
			long size = Files.size(file);
			Instant modified = Files.getLastModifiedTime(file).toInstant();
			ObjectRef ref = new ObjectRef(source, "", name, size + "-" + modified.toEpochMilli(), size, modified,
					ObjectKind.ofLocalName(name));
			record(name, this.ingest.ingest(ref, () -> Files.newInputStream(file)), summary, listener);
		}
		catch (IOException | RuntimeException ex) {
			recordFailure(name, ex, summary, listener);
		}
	}

	private void importZip(Path zip, String source, String zipName, ImportSummary.Builder summary,
			ImportListener listener) {
		try (ZipFile archive = new ZipFile(zip.toFile())) {
			Enumeration<? extends ZipEntry> entries = archive.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (entry.isDirectory()) {
					continue;
				}
				String name = zipName + "!/" + entry.getName();
				try {
					ObjectRef ref = new ObjectRef(source, "", name, entry.getSize() + "-" + entry.getCrc(),
							entry.getSize(), entry.getLastModifiedTime() == null ? null
									: entry.getLastModifiedTime().toInstant(),
							ObjectKind.ofLocalName(entry.getName()));
					record(name, this.ingest.ingest(ref, () -> archive.getInputStream(entry)), summary, listener);
				}
				catch (RuntimeException ex) {
					recordFailure(name, ex, summary, listener);
				}
			}
		}
		catch (IOException ex) {
			recordFailure(zipName, ex, summary, listener);
		}
	}

	/** Loads one uploaded or otherwise streamed object that is not a file on this machine. */
	public IngestResult importStream(String source, String name, long size, InputStream content) {
		String etag = size + "-" + Instant.now().toEpochMilli();
		ObjectRef ref = new ObjectRef(source, "", name, etag, size, Instant.now(), ObjectKind.ofLocalName(name));
		return this.ingest.ingest(ref, () -> content);
	}

	private static void record(String name, IngestResult result, ImportSummary.Builder summary,
			ImportListener listener) {
		summary.add(name, result);
		listener.fileDone(name, result);
	}

	private static void recordFailure(String name, Exception ex, ImportSummary.Builder summary,
			ImportListener listener) {
		log.warn("Could not import {}: {}", name, ex.getMessage());
		IngestResult failed = new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0, String.valueOf(ex.getMessage()));
		summary.add(name, failed);
		listener.fileDone(name, failed);
	}

	private static List<Path> files(Path path) {
		if (Files.isRegularFile(path)) {
			return List.of(path);
		}
		try (Stream<Path> walk = Files.walk(path)) {
			List<Path> files = new ArrayList<>(walk.filter(Files::isRegularFile).filter(LocalImport::importable).toList());
			files.sort(Comparator.naturalOrder());
			return files;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean importable(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return name.endsWith(".zip") || ObjectKind.ofLocalName(name) != ObjectKind.OTHER;
	}

	/** Told about each file as it finishes. */
	@FunctionalInterface
	public interface ImportListener {

		ImportListener NONE = (name, result) -> {
		};

		void fileDone(String name, IngestResult result);
	}
}
