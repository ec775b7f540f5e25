package io.trailscope.ingest.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.trailscope.ingest.record.IngestLimits;
import io.trailscope.ingest.IngestProperties;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;

/**
 * Loads local files and directories (recursively: {@code .json.gz}, {@code .json},
 * {@code .jsonl}, and {@code .zip} archives of them), as incident responders receive
 * them, through the same reader and loader as the queue.
 */
@Component
public class LocalImport {

	private static final Logger log = LoggerFactory.getLogger(LocalImport.class);

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final IngestService ingest;

	private final int concurrency;

	private final int maxZipEntries;

	LocalImport(IngestService ingest, IngestProperties properties, IngestLimits limits) {
		this.ingest = ingest;
		this.concurrency = properties.concurrency();
		this.maxZipEntries = limits.maxZipEntries();
	}

	/**
	 * Imports every file below the given paths; one bad file does not stop the others.
	 */
	public ImportSummary importPaths(List<Path> paths, ImportListener listener) {
		return importPaths(paths, "file", file -> file.toAbsolutePath().normalize().toString(), listener);
	}

	/**
	 * Imports files that stand for objects from elsewhere (browser uploads saved to
	 * temporary files): the ledger records them under {@code source} and the name
	 * {@code names} gives each file (a zip's entries as {@code name!/entry}), not under
	 * their temporary location.
	 */
	public ImportSummary importPaths(List<Path> paths, String source, Function<Path, String> names,
			ImportListener listener) {
		Results results = new Results(listener);
		// files load side by side (as many as the queue's consumers): one loader leaves a
		// core idle
		// while the database indexes and another while the next file is parsed
		try (Loaders loaders = new Loaders(this.concurrency)) {
			for (Path path : paths) {
				if (!Files.exists(path)) {
					results.failed(path.toString(), "no such file or directory");
					continue;
				}
				for (Path file : files(path)) {
					if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
						importZip(file, source, names.apply(file), results, loaders);
					}
					else {
						String name = names.apply(file);
						loaders.submit(() -> importFile(file, source, name, results));
					}
				}
			}
		}
		return results.summary();
	}

	private void importFile(Path file, String source, String name, Results results) {
		try {
			results.add(name, this.ingest.ingest(ref(file, source, name), () -> Files.newInputStream(file)));
		}
		catch (IOException | RuntimeException ex) {
			results.failed(name, ex);
		}
	}

	private static ObjectRef ref(Path file, String source, String name) throws IOException {
		long size = Files.size(file);
		Instant modified = Files.getLastModifiedTime(file).toInstant();
		return new ObjectRef(source, "", name, size + "-" + modified.toEpochMilli(), size, modified,
				ObjectKind.ofLocalName(name));
	}

	private void importZip(Path zip, String source, String zipName, Results results, Loaders loaders) {
		// the archive's directory is read first: opening it holds all of it in memory
		try {
			ZipDirectory.Listing listing = ZipDirectory.read(zip, this.maxZipEntries);
			if (listing.refused()) {
				results.add(zipName, this.ingest.failWhole(ref(zip, source, zipName), listing.refusal()));
				return;
			}
		}
		catch (IOException ex) {
			results.failed(zipName, ex);
			return;
		}
		try (ZipFile archive = new ZipFile(zip.toFile())) {
			List<Future<?>> entriesDone = new ArrayList<>();
			Enumeration<? extends ZipEntry> entries = archive.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (entry.isDirectory()) {
					continue;
				}
				String name = zipName + "!/" + entry.getName();
				entriesDone.add(loaders.submit(() -> {
					try {
						ObjectRef ref = new ObjectRef(source, "", name, entry.getSize() + "-" + entry.getCrc(),
								entry.getSize(),
								entry.getLastModifiedTime() == null ? null : entry.getLastModifiedTime().toInstant(),
								ObjectKind.ofLocalName(entry.getName()));
						results.add(name, this.ingest.ingest(ref, () -> archive.getInputStream(entry)));
					}
					catch (RuntimeException ex) {
						results.failed(name, ex);
					}
				}));
			}
			// the archive stays open until its entries are loaded
			Loaders.await(entriesDone);
		}
		catch (IOException ex) {
			results.failed(zipName, ex);
		}
	}

	/**
	 * The files a load of these paths will report: one per plain file, one per file entry
	 * of a zip, and one for a zip that will be refused or cannot be read (its failure).
	 */
	public long countFiles(List<Path> paths) {
		long count = 0;
		for (Path path : paths) {
			if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
				try {
					ZipDirectory.Listing listing = ZipDirectory.read(path, this.maxZipEntries);
					count += listing.refused() ? 1 : listing.files();
				}
				catch (IOException ex) {
					count++;
				}
			}
			else {
				count++;
			}
		}
		return count;
	}

	/** Loads one object held in memory, not a file on this machine. */
	public IngestResult importBytes(String source, String name, byte[] content) {
		String etag = content.length + "-" + Instant.now().toEpochMilli();
		ObjectRef ref = new ObjectRef(source, "", name, etag, content.length, Instant.now(),
				ObjectKind.ofLocalName(name));
		return this.ingest.ingest(ref, () -> new ByteArrayInputStream(content));
	}

	private static List<Path> files(Path path) {
		if (Files.isRegularFile(path)) {
			return List.of(path);
		}
		try (Stream<Path> walk = Files.walk(path)) {
			List<Path> files = new ArrayList<>(
					walk.filter(Files::isRegularFile).filter(LocalImport::importable).toList());
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

	/** The summary and listener, told of each file by whichever loader finished it. */
	private static final class Results {

		private final ImportSummary.Builder summary = new ImportSummary.Builder();

		private final ImportListener listener;

		Results(ImportListener listener) {
			this.listener = listener;
		}

		synchronized void add(String name, IngestResult result) {
			this.summary.add(name, result);
			this.listener.fileDone(name, result);
		}

		synchronized void failed(String name, String reason) {
			this.summary.failed(name, reason);
			this.listener.fileDone(name, new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0, reason));
		}

		void failed(String name, Exception ex) {
			log.warn("Could not import {}: {}", name, ex.getMessage());
			add(name, new IngestResult(IngestResult.Status.FAILED, 0, 0, 0, 0, String.valueOf(ex.getMessage())));
		}

		synchronized ImportSummary summary() {
			return this.summary.build();
		}

	}

	/**
	 * Runs loads on a few threads, or in the caller's with one; closing waits for all of
	 * them.
	 */
	private static final class Loaders implements AutoCloseable {

		private final ExecutorService threads;

		private final List<Future<?>> submitted = new ArrayList<>();

		Loaders(int concurrency) {
			this.threads = concurrency > 1 ? Executors.newFixedThreadPool(concurrency, task -> {
				Thread thread = new Thread(task, "import-" + THREADS.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			}) : null;
		}

		Future<?> submit(Runnable load) {
			if (this.threads == null) {
				load.run();
				return CompletableFuture.completedFuture(null);
			}
			Future<?> future = this.threads.submit(load);
			this.submitted.add(future);
			return future;
		}

		static void await(List<Future<?>> futures) {
			for (Future<?> future : futures) {
				try {
					future.get();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while files were loading", ex);
				}
				catch (ExecutionException ex) {
					// every load reports its own failure; this is a bug in the reporting
					// itself
					throw new IllegalStateException(ex.getCause());
				}
			}
		}

		@Override
		public void close() {
			if (this.threads != null) {
				try {
					await(this.submitted);
				}
				finally {
					this.threads.shutdownNow();
				}
			}
		}

	}

	/** Told about each file as it finishes. */
	@FunctionalInterface
	public interface ImportListener {

		ImportListener NONE = (name, result) -> {
		};

		void fileDone(String name, IngestResult result);

	}

}
