package io.trailscope.ingest.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.OneLine;
import io.trailscope.ingest.local.LocalImport;
import io.trailscope.ingest.s3.S3ObjectLoader;

/**
 * Runs the Ingest page's uploads and retries in the background, one at a time beside the
 * queue listener, and keeps the latest {@value #KEPT} of them in memory for the page (the
 * ledger keeps every file's outcome for good).
 *
 * <p>
 * An upload's files are moved from the multipart request to a temporary directory (never
 * held in memory: they may be hundreds of megabytes), loaded through {@link LocalImport}
 * under source {@code upload} and their own names, and deleted when the job ends.
 */
@Component
class LoadJobs {

	static final int KEPT = 20;

	private static final Logger log = LoggerFactory.getLogger(LoadJobs.class);

	private final LocalImport imports;

	private final S3ObjectLoader s3;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "ingest-page-jobs");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, LoadJob> jobs = new LinkedHashMap<>();

	LoadJobs(LocalImport imports, S3ObjectLoader s3) {
		this.imports = imports;
		this.s3 = s3;
	}

	/**
	 * Whether a file of this name can be uploaded: the forms {@link LocalImport} reads.
	 */
	static boolean uploadable(String name) {
		return ObjectKind.isDataFile(name) || name.toLowerCase(Locale.ROOT).endsWith(".zip");
	}

	/**
	 * Saves the uploaded files to a temporary directory and loads them in the background.
	 * @throws UncheckedIOException if they cannot be saved
	 */
	LoadJob upload(List<MultipartFile> files) {
		List<String> names = files.stream().map(file -> safeName(file.getOriginalFilename())).toList();
		LoadJob job = register(LoadJob.Kind.UPLOAD, describe(names));
		Path directory = null;
		Map<Path, String> saved = new HashMap<>();
		List<Path> paths = new ArrayList<>();
		try {
			directory = Files.createTempDirectory("trailscope-upload-");
			for (int i = 0; i < files.size(); i++) {
				// each file in a directory of its own: two uploads may share a name
				Path file = Files.createDirectory(directory.resolve(Integer.toString(i))).resolve(names.get(i));
				// the container has the part on disk already: this moves it where it can,
				// else streams it
				files.get(i).transferTo(file.toFile());
				saved.put(file, names.get(i));
				paths.add(file);
			}
		}
		catch (IOException ex) {
			job.fail("the upload could not be saved: " + ex.getMessage());
			if (directory != null) {
				delete(directory);
			}
			throw new UncheckedIOException("could not save the upload", ex);
		}
		Path saveDirectory = directory;
		submit(job, () -> {
			try {
				job.start(this.imports.countFiles(paths));
				this.imports.importPaths(paths, "upload",
						file -> saved.getOrDefault(file, file.getFileName().toString()), job::fileDone);
				job.finish();
			}
			finally {
				delete(saveDirectory);
			}
		}, () -> delete(saveDirectory));
		return job;
	}

	/** Loads a failed object again in the background, or records why it cannot be. */
	LoadJob retry(LedgerEntry entry) {
		LoadJob job = register(LoadJob.Kind.RETRY, "retry of " + entry.displayName());
		submit(job, () -> {
			String reason = cannotRetry(entry);
			if (reason != null) {
				job.fail("cannot be retried: " + reason);
				return;
			}
			if ("s3".equals(entry.source())) {
				job.start(1);
				job.fileDone(entry.displayName(), this.s3.load(entry.bucket(), entry.key()));
			}
			else {
				Path path = localPath(entry);
				job.start(this.imports.countFiles(List.of(path)));
				this.imports.importPaths(List.of(path), job::fileDone);
			}
			job.finish();
		}, () -> {
		});
		return job;
	}

	/**
	 * Why a ledger row cannot be loaded again from here, or null if it can: S3 objects
	 * are read again from their bucket, local files from their path if it still exists;
	 * uploads are not kept once loaded.
	 */
	static String cannotRetry(LedgerEntry entry) {
		if (!entry.failed()) {
			return "it is " + entry.status().toLowerCase(Locale.ROOT) + ", not failed";
		}
		switch (entry.source()) {
			case "s3" -> {
				return entry.bucket().isEmpty() ? "it names no bucket" : null;
			}
			case "file" -> {
				Path path = localPath(entry);
				return Files.isRegularFile(path) ? null
						: "the file " + path + " is no longer on this server; import it again";
			}
			case "upload" -> {
				return "uploaded files are not kept after loading; upload it again";
			}
			default -> {
				return "objects from source '" + entry.source() + "' are not loaded again from here";
			}
		}
	}

	Optional<LoadJob.Progress> find(long id) {
		synchronized (this.jobs) {
			return Optional.ofNullable(this.jobs.get(id)).map(LoadJob::progress);
		}
	}

	/** The jobs kept, newest first. */
	List<LoadJob.Progress> recent() {
		List<LoadJob> kept;
		synchronized (this.jobs) {
			kept = new ArrayList<>(this.jobs.values());
		}
		return kept.stream()
			.map(LoadJob::progress)
			.sorted(Comparator.comparingLong(LoadJob.Progress::id).reversed())
			.toList();
	}

	boolean anyRunning() {
		return recent().stream().anyMatch(LoadJob.Progress::running);
	}

	/**
	 * Removes upload directories a previous process left behind (it stopped mid-load); a
	 * day's age keeps another instance's running uploads on the same machine safe.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void removeLeftovers() {
		Path temp = Path.of(System.getProperty("java.io.tmpdir"));
		Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
		try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temp, "trailscope-upload-*")) {
			for (Path directory : leftovers) {
				if (Files.isDirectory(directory) && Files.getLastModifiedTime(directory).toInstant().isBefore(dayAgo)) {
					log.info("Removing the upload directory {} left by an earlier run", directory);
					delete(directory);
				}
			}
		}
		catch (IOException ex) {
			log.debug("Could not look for leftover upload directories in {}", temp, ex);
		}
	}

	@PreDestroy
	void stop() {
		this.executor.shutdownNow();
	}

	private LoadJob register(LoadJob.Kind kind, String label) {
		LoadJob job = new LoadJob(this.ids.incrementAndGet(), kind, label);
		synchronized (this.jobs) {
			this.jobs.put(job.id(), job);
			if (this.jobs.size() > KEPT) {
				// the oldest finished jobs go; running ones stay however many there are
				this.jobs.values().removeIf(old -> this.jobs.size() > KEPT && !old.progress().running());
			}
		}
		return job;
	}

	private void submit(LoadJob job, Runnable work, Runnable onRejected) {
		try {
			this.executor.execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					// the message may quote a key: on one line here, the stack trace only
					// when debugging
					String reason = OneLine
						.of(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
					log.warn("Ingest page job {} failed: {}", job.id(), reason);
					log.debug("Ingest page job {} failed", job.id(), ex);
					job.fail(reason);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			job.fail("the application is shutting down");
			onRejected.run();
		}
	}

	/**
	 * The file of a local ledger row; a zip entry ({@code archive.zip!/entry}) is its
	 * archive.
	 */
	private static Path localPath(LedgerEntry entry) {
		String key = entry.key();
		int archive = key.indexOf(LedgerEntry.ARCHIVE_SEPARATOR);
		return Path.of(archive < 0 ? key : key.substring(0, archive));
	}

	/**
	 * The last segment of a browser-supplied name, without anything a path could be made
	 * of.
	 */
	static String safeName(String original) {
		String name = original == null ? "" : original.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			return "upload";
		}
		return name.length() > 200 ? name.substring(name.length() - 200) : name;
	}

	private static String describe(List<String> names) {
		if (names.size() == 1) {
			return "upload of " + names.get(0);
		}
		String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
		return "upload of " + names.size() + " files: " + shown + (names.size() > 3 ? ", ..." : "");
	}

	private static void delete(Path directory) {
		try (Stream<Path> walk = Files.walk(directory)) {
			walk.sorted(Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					log.warn("Could not delete the uploaded file {}: {}", path, ex.getMessage());
				}
			});
		}
		catch (IOException ex) {
			log.warn("Could not delete the upload directory {}: {}", directory, ex.getMessage());
		}
	}

}
