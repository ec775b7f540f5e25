package io.trailscope.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A deterministic CloudTrail trail: the same settings give byte-identical output.
 *
 * <p>
 * The trail is that of a small organisation: people signing in to the console directly
 * and through Identity Center, assuming roles from the CLI (across accounts, sometimes
 * two roles deep, sometimes by switching roles in the console), CI and GitHub Actions
 * deploying, EC2 instance profiles, Lambda functions and AWS Config working in the
 * background, the occasional root sign-in, and a few percent of calls failing. Every
 * session is coherent: its issuing call's key, ARN and time are what its calls carry,
 * until it expires. With {@link Settings#incident()} the trail also holds one intrusion
 * for the canned investigations to find: a console sign-in without MFA from an address
 * seen nowhere else, an AssumeRole into an administrator role of another account followed
 * by reconnaissance, SSH opened to the world, a new IAM user with an access key, and a
 * burst of access denials by that user.
 */
public final class TrailGenerator {

	private final Settings settings;

	public TrailGenerator(Settings settings) {
		this.settings = settings;
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * Generates about {@code events} records in time order, grouped into CloudTrail log
	 * files as a trail delivers them (per account and region, ~5 minutes each, up to 250
	 * records), and hands each file to the sink. Constant memory whatever the count. A
	 * quiet trail (a few records per account, region and five minutes) gets longer files,
	 * up to an hour each, so that a small sample is not thousands of one-record files.
	 */
	public void generate(long events, FileSink sink) {
		if (events < 0) {
			throw new IllegalArgumentException("events must not be negative");
		}
		if (events > 0) {
			new Simulation(this.settings, events, sink).run();
		}
	}

	/** Receives the generated files, in the order the trail delivers them. */
	@FunctionalInterface
	public interface FileSink {

		void accept(GeneratedFile file);

		/**
		 * Writes each file under {@code root} at its key, as a bucket synced to disk
		 * looks, for loading with the local import; the file's time is its delivery time.
		 */
		static FileSink toDirectory(Path root) {
			return file -> {
				try {
					Path target = root.resolve(file.key());
					Files.createDirectories(target.getParent());
					Files.write(target, file.gzipped());
					Files.setLastModifiedTime(target, FileTime.from(file.deliveredAt()));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			};
		}

	}

	/**
	 * One delivered log file.
	 *
	 * @param key
	 * {@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<random16>.json.gz}
	 * @param deliveredAt when the trail wrote it (within minutes of its last record,
	 * never after the end of the window)
	 * @param records how many records it holds
	 * @param gzipped the gzipped {@code {"Records":[...]}}
	 */
	public record GeneratedFile(String key, Instant deliveredAt, int records, byte[] gzipped) {
	}

	/**
	 * What to generate.
	 *
	 * @param seed fixes every random choice
	 * @param start the earliest event time
	 * @param end events are before this time
	 * @param accounts 12-digit account ids; the first holds the organisation's IAM users
	 * @param regions region names; {@code us-east-1}, if present, receives global events
	 * (IAM, sign-in)
	 * @param incident whether to include the intrusion (about 80 records over an hour,
	 * two thirds into the window, at 02:14 UTC when the window allows; it needs a window
	 * of a few hours)
	 */
	public record Settings(long seed, Instant start, Instant end, List<String> accounts, List<String> regions,
			boolean incident) {

		public static final List<String> DEFAULT_ACCOUNTS = List.of("482913750264", "739104682315", "205817364920");

		public static final List<String> DEFAULT_REGIONS = List.of("us-east-1", "eu-west-1", "us-west-2",
				"eu-central-1");

		public static final long DEFAULT_SEED = 20250601L;

		public Settings {
			if (start == null || end == null || !end.isAfter(start)) {
				throw new IllegalArgumentException("the window must end after it starts");
			}
			if (accounts == null || accounts.isEmpty() || regions == null || regions.isEmpty()) {
				throw new IllegalArgumentException("at least one account and one region are needed");
			}
			for (String account : accounts) {
				if (account == null || !account.matches("\\d{12}")) {
					throw new IllegalArgumentException("not an account id: " + account);
				}
			}
			for (String region : regions) {
				if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
					throw new IllegalArgumentException("not a region: " + region);
				}
			}
			if (Set.copyOf(accounts).size() != accounts.size() || Set.copyOf(regions).size() != regions.size()) {
				throw new IllegalArgumentException("accounts and regions must not repeat");
			}
			accounts = List.copyOf(accounts);
			regions = List.copyOf(regions);
		}

		/**
		 * 3 accounts, 4 regions, the 7 days before {@code end}, the incident included.
		 */
		public static Settings defaults(Instant end) {
			return new Settings(DEFAULT_SEED, end.minus(Duration.ofDays(7)), end, DEFAULT_ACCOUNTS, DEFAULT_REGIONS,
					true);
		}

		public Settings withSeed(long seed) {
			return new Settings(seed, this.start, this.end, this.accounts, this.regions, this.incident);
		}

		public Settings withIncident(boolean incident) {
			return new Settings(this.seed, this.start, this.end, this.accounts, this.regions, incident);
		}
	}

}
