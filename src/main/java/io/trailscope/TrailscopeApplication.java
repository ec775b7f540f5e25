package io.trailscope;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import io.trailscope.events.EventCountsWorker;
import io.trailscope.ingest.local.CommandLineIngest;

/**
 * Starts the console, or runs one of the command-line tasks ({@code import PATH...},
 * {@code backfill s3://bucket/prefix}, {@code rebuild-counts}, {@code redact}) without a
 * web server or queue listener.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrailscopeApplication {

	/** Recounts the rollups of the aggregations from the events table. */
	static final String REBUILD_COUNTS = "rebuild-counts";

	public static void main(String[] args) {
		if (args.length > 0 && (CommandLineIngest.isCommand(args[0]) || REBUILD_COUNTS.equals(args[0])
				|| RedactCommand.NAME.equals(args[0]))) {
			System.exit(runCommand(args));
		}
		SpringApplication.run(TrailscopeApplication.class, args);
	}

	private static int runCommand(String[] args) {
		SpringApplication app = new SpringApplication(TrailscopeApplication.class);
		app.setWebApplicationType(WebApplicationType.NONE);
		app.setAdditionalProfiles("command");
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		try (ConfigurableApplicationContext context = app.run(rest)) {
			if (REBUILD_COUNTS.equals(args[0])) {
				EventCountsWorker counts = context.getBean(EventCountsWorker.class);
				if (counts.rebuiltAtStart()) {
					// there were none: the start has just counted everything
					System.out.println("Rollups rebuilt as the application started.");
					return 0;
				}
				long started = System.nanoTime();
				int days = counts.rebuildAll();
				System.out.printf("Rollups rebuilt: %d day(s) of events in %.1f s%n", days,
						(System.nanoTime() - started) / 1e9);
				return 0;
			}
			if (RedactCommand.NAME.equals(args[0])) {
				return context.getBean(RedactCommand.class).run(rest, System.out);
			}
			return context.getBean(CommandLineIngest.class).run(args[0], rest);
		}
	}

}
