package io.trailscope;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each table's SQL stays with the classes allowed to use it: another module asks the
 * owner (or listens to its events) instead of naming the table. The SQL is read from the
 * text constants of the compiled classes (string literals, text blocks and the fixed
 * parts of concatenations), so comments and Javadoc never count, nor text without an SQL
 * verb (a log message); a nested class or lambda counts as its top-level class.
 *
 * <p>
 * The events table is still read by several classes of the events and sessions modules;
 * the list says what is, so that it can only be narrowed.
 */
class TableOwnersTest {

	private static final String ROOT = "io/trailscope/";

	/** For each table of the migrations, the classes whose SQL may name it. */
	private static final Map<String, Set<String>> OWNERS = Map.of("events",
			Set.of("ingest.EventWriter", "ingest.EventPartitions", "ingest.console.IngestPageReads",
					"events.EventStore", "events.Aggregations", "events.MatchingEvents", "events.EventCounts",
					"events.FieldList", "sessions.SessionStore", "sessions.SessionCalls", "sample.SampleTrail"),
			"ingest_objects", Set.of("ingest.Ledger", "ingest.console.IngestPageReads"), "backfills",
			Set.of("ingest.s3.BackfillStore"), "redactions", Set.of("ingest.RedactionRuns"), "event_counts",
			Set.of("events.EventCounts", "events.Aggregations"), "event_counts_objects", Set.of("events.EventCounts"),
			"sessions", Set.of("sessions.SessionStore", "sessions.SessionList", "sessions.SessionLineage"),
			"session_objects", Set.of("sessions.SessionStore"), "saved_searches",
			Set.of("investigations.SavedSearches"));

	/** What makes a text constant SQL rather than, say, a log message. */
	private static final Pattern SQL = Pattern
		.compile("(?i)\\b(select|insert|update|delete|with|copy|create|drop|where)\\b");

	/** What names each table in SQL, compiled once: the test asks for every constant. */
	private static final Map<String, Pattern> NAMING = new ConcurrentHashMap<>();

	private static final Pattern CREATE_TABLE = Pattern
		.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");

	@Test
	void everyTableOfTheMigrationsHasOwners() throws IOException, URISyntaxException {
		Set<String> tables = new TreeSet<>();
		try (Stream<Path> migrations = Files.list(classes().resolve("db/migration"))) {
			for (Path migration : migrations.toList()) {
				Matcher m = CREATE_TABLE.matcher(Files.readString(migration));
				while (m.find()) {
					tables.add(m.group(1).toLowerCase());
				}
			}
		}

		assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tables);
	}

	@Test
	void onlyTheOwnersOfATableNameItInSql() throws IOException, URISyntaxException {
		Map<String, Set<String>> strays = new TreeMap<>();
		Path root = classes().resolve(ROOT);
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
				String owner = topLevelName(root.relativize(file).toString());
				for (String text : constants(file)) {
					OWNERS.forEach((table, allowed) -> {
						if (!allowed.contains(owner) && namesTable(text, table)) {
							strays.computeIfAbsent(table, t -> new TreeSet<>()).add(owner);
						}
					});
				}
			}
		}

		assertThat(strays).as("classes naming a table in SQL that is not theirs").isEmpty();
	}

	/**
	 * Whether SQL text reads or writes the table: after from, into, update, join, table
	 * or copy, or as a {@code regclass} literal (a catalog query about it).
	 */
	static boolean namesTable(String sql, String table) {
		if (sql.contains("'" + table + "'::regclass")) {
			return true;
		}
		Pattern naming = NAMING.computeIfAbsent(table,
				t -> Pattern.compile("(?i)\\b(from|into|update|join|table|copy)\\s+(only\\s+)?" + t + "\\b(?!\\.)"));
		return SQL.matcher(sql).find() && naming.matcher(sql).find();
	}

	/** {@code events/EventStore$Statement.class} → {@code events.EventStore} */
	private static String topLevelName(String path) {
		String name = path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
		int nested = name.indexOf('$');
		return nested < 0 ? name : name.substring(0, nested);
	}

	private static Path classes() throws URISyntaxException {
		return Path.of(TableOwnersTest.class.getResource("/" + ROOT + "TrailscopeApplication.class").toURI())
			.getParent()
			.getParent()
			.getParent();
	}

	/** The text entries of a class file's constant pool (JVMS 4.4). */
	private static List<String> constants(Path classFile) throws IOException {
		List<String> texts = new ArrayList<>();
		try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
			data.skipBytes(8); // magic, minor and major version
			int count = data.readUnsignedShort();
			for (int i = 1; i < count; i++) {
				int tag = data.readUnsignedByte();
				switch (tag) {
					case 1 -> texts.add(data.readUTF());
					case 7, 8, 16, 19, 20 -> data.skipBytes(2);
					case 15 -> data.skipBytes(3);
					case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
					case 5, 6 -> {
						data.skipBytes(8);
						i++; // a long or double takes two entries
					}
					default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
				}
			}
		}
		return texts;
	}

}
