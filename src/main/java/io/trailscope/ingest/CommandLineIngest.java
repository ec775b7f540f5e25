package io.trailscope.ingest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The command-line tasks: {@code import PATH...} loads local files into the configured database
 * and prints a summary. Spring's {@code --name=value} arguments may stand beside the paths. The
 * exit code is non-zero when any file failed.
 */
@Component
public class CommandLineIngest {

	private static final Set<String> COMMANDS = Set.of("import");

	private final LocalImport localImport;

	private final PrintStream out = System.out;

	CommandLineIngest(LocalImport localImport) {
		this.localImport = localImport;
	}

	public static boolean isCommand(String word) {
		return COMMANDS.contains(word);
	}

	/** Runs {@code command} with its arguments; returns the process exit code. */
	public int run(String command, String[] args) {
		List<String> paths = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
		if (!"import".equals(command)) {
			this.out.println("Unknown command: " + command);
			return 2;
		}
		if (paths.isEmpty()) {
			this.out.println("Usage: java -jar trailscope.jar import PATH... [--spring.datasource.url=...]");
			return 2;
		}
		ImportSummary summary = this.localImport.importPaths(paths.stream().map(Path::of).toList(),
				(name, result) -> this.out.printf("%-8s %s (%d new, %d duplicates%s)%n", result.status(), name,
						result.loaded(), result.duplicates(), result.error() == null ? "" : "; " + result.error()));
		this.out.printf("%nFiles: %d, events loaded: %d, duplicates: %d, skipped: %d, failed: %d%n", summary.files(),
				summary.loaded(), summary.duplicates(), summary.skipped(), summary.failed());
		summary.failures().forEach(failure -> this.out.println("  failed: " + failure));
		return summary.anyFailed() ? 1 : 0;
	}
}
