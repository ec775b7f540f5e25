package io.trailscope.ingest.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.s3.Backfill;
import io.trailscope.ingest.s3.BackfillRun;

/**
 * The command-line tasks: {@code import PATH...} loads local files into the configured
 * database and prints a summary;
 * {@code backfill s3://bucket/prefix [--from=YYYY-MM-DD] [--to=YYYY-MM-DD]} loads an S3
 * prefix (continuing the same backfill if it stopped early). Spring's
 * {@code --name=value} arguments may stand beside the paths. The exit code is non-zero
 * when any file failed.
 */
@Component
public class CommandLineIngest {

	private static final Set<String> COMMANDS = Set.of("import", "backfill");

	private final LocalImport localImport;

	private final Backfill backfill;

	private final PrintStream out = System.out;

	CommandLineIngest(LocalImport localImport, Backfill backfill) {
		this.localImport = localImport;
		this.backfill = backfill;
	}

	public static boolean isCommand(String word) {
		return COMMANDS.contains(word);
	}

	/** Runs {@code command} with its arguments; returns the process exit code. */
	public int run(String command, String[] args) {
		List<String> paths = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
		if ("backfill".equals(command)) {
			return backfill(paths, args);
		}
		if (!"import".equals(command)) {
			this.out.println("Unknown command: " + command);
			return 2;
		}
		if (paths.isEmpty()) {
			this.out.println("Usage: java -jar trailscope.jar import PATH... [--spring.datasource.url=...]");
			return 2;
		}
		ImportSummary summary = this.localImport.importPaths(paths.stream().map(Path::of).toList(), this::printFile);
		this.out.printf("%nFiles: %d, events loaded: %d, duplicates: %d, skipped: %d, failed: %d%n", summary.files(),
				summary.loaded(), summary.duplicates(), summary.skipped(), summary.failed());
		summary.failures().forEach(failure -> this.out.println("  failed: " + failure));
		return summary.anyFailed() ? 1 : 0;
	}

	private int backfill(List<String> urls, String[] args) {
		String usage = "Usage: java -jar trailscope.jar backfill s3://bucket/prefix [--from=YYYY-MM-DD] [--to=YYYY-MM-DD]"
				+ " [--spring.datasource.url=...]";
		if (urls.size() != 1) {
			this.out.println(usage);
			return 2;
		}
		BackfillRun run;
		try {
			LocalDate from = date(args, "--from=");
			LocalDate to = date(args, "--to=");
			run = this.backfill.runNow(urls.get(0), from, to, this::printFile);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			this.out.println(ex.getMessage());
			this.out.println(usage);
			return 2;
		}
		this.out.printf("%nBackfill #%d of %s: %s%n", run.id(), run.s3Url(), run.status());
		this.out.printf("Objects listed: %d, files loaded: %d, events loaded: %d, skipped: %d, failed: %d%n",
				run.listed(), run.loaded(), run.events(), run.skipped(), run.failed());
		if (run.error() != null) {
			this.out.println("  error: " + run.error());
		}
		if (!BackfillRun.DONE.equals(run.status())) {
			this.out.println("Run the same command again to continue after " + run.position());
		}
		return run.failed() > 0 || !BackfillRun.DONE.equals(run.status()) ? 1 : 0;
	}

	private void printFile(String name, IngestResult result) {
		this.out.printf("%-8s %s (%d new, %d duplicates%s)%n", result.status(), name, result.loaded(),
				result.duplicates(), result.error() == null ? "" : "; " + result.error());
	}

	/**
	 * The value of {@code --from=} or {@code --to=}; Spring sees these too, and ignores
	 * them.
	 */
	static LocalDate date(String[] args, String option) {
		String value = null;
		for (String arg : args) {
			if (arg.startsWith(option)) {
				value = arg.substring(option.length()).strip();
			}
		}
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("not a date (YYYY-MM-DD): " + option + value);
		}
	}

}
