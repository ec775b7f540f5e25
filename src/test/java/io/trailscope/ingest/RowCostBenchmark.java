package io.trailscope.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.local.LocalImport;
import io.trailscope.sample.TrailGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a loaded row's database time goes, not a test: run with
 * {@code ./mvnw test -Dtest=RowCostBenchmark -Dtrailscope.bench.rows=200000}. Imports
 * that many events of the sample trail the usual way, copies the stored rows out as the
 * loader's COPY text, then loads that text into fresh tables with parts of the index set
 * and prints rows per second for each: the loader's own path (a look-up of each chunk's
 * keys, then COPY straight into a table with every index of the event store), the paths
 * it was chosen over, and what the database can do at all on this machine with the fewest
 * indexes the store must have and no free-text terms, on one backend and on two at once.
 * No Java work is in these figures: they are the database's share of a load, the most
 * that ingest end to end can reach.
 */
@TrailscopeIntegrationTest
@EnabledIfSystemProperty(named = "trailscope.bench.rows", matches = "\\d+")
class RowCostBenchmark {

	private static final String WHOLE = "toast_tuple_target = 8160";

	/** The loader's chunk: one look-up of the keys per this many rows. */
	private static final int CHUNK = 1000;

	/**
	 * The indexes the store must have whatever the free-text design: the primary key,
	 * newest first, and a filter by event name, access key, principal, account, region,
	 * source address and error, each over time.
	 */
	private static final List<String> REQUIRED = List.of("(event_id, recipient_account_id, event_time)",
			"(event_time DESC, seq DESC)", "(event_name, ", "(access_key_id, ", "(principal, ",
			"(recipient_account_id, ", "(aws_region, ", "(source_ip, ", "(error_code, ", "(record jsonb_path_ops)");

	@Autowired
	LocalImport imports;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void loadWithPartsOfTheIndexSet() throws Exception {
		long rows = Long.getLong("trailscope.bench.rows");
		Path dir = Files.createTempDirectory("trailscope-rows");
		new TrailGenerator(TrailGenerator.Settings.defaults(Instant.parse("2025-06-30T00:00:00Z"))).generate(rows,
				TrailGenerator.FileSink.toDirectory(dir.resolve("trail")));
		assertThat(this.imports.importPaths(List.of(dir.resolve("trail")), LocalImport.ImportListener.NONE).failed())
			.isZero();
		// the generated week (to the end of June 2025) lies in one monthly partition
		String partition = "events_2025m06";
		List<String> indexes = this.jdbc.sql("select indexdef from pg_indexes where tablename = :t order by indexname")
			.param("t", partition)
			.query(String.class)
			.list()
			.stream()
			.map(def -> def.replace("public." + partition, "bench_rows").replaceFirst("INDEX \\S+ ON", "INDEX ON"))
			.toList();
		List<String> btrees = indexes.stream().filter(def -> !def.contains("USING gin")).toList();
		List<String> recordGin = indexes.stream().filter(def -> def.contains("(record jsonb_path_ops)")).toList();
		List<String> termsGin = indexes.stream().filter(def -> def.contains("(search_terms)")).toList();
		List<String> required = indexes.stream().filter(def -> REQUIRED.stream().anyMatch(def::contains)).toList();
		assertThat(btrees).isNotEmpty();
		assertThat(recordGin).hasSize(1);
		assertThat(termsGin).hasSize(1);
		assertThat(required).hasSize(REQUIRED.size());

		try {
			Texts all = texts(dir, partition, 1, true);
			Texts halves = texts(dir, partition, 2, true);
			Texts halvesWithoutTerms = texts(dir, partition, 2, false);
			double terms = this.jdbc.sql("select avg(cardinality(search_terms)) from " + partition)
				.query(Double.class)
				.single();
			System.out.printf("%nrow cost benchmark: %,d rows of %.0f bytes of COPY text, %.1f free-text terms each%n",
					rows, (double) all.bytes() / rows, terms);
			List<Map.Entry<String, Variant>> variants = List
				.of(Map.entry("no index", new Variant(List.of(), Load.DIRECT, all, false)),
						Map.entry("primary key and btrees only", new Variant(btrees, Load.DIRECT, all, false)),
						Map.entry("record GIN only", new Variant(recordGin, Load.DIRECT, all, false)),
						Map.entry("terms GIN only", new Variant(termsGin, Load.DIRECT, all, false)),
						Map.entry("every index, staged, insert-if-absent (before)",
								new Variant(indexes, Load.STAGED, all, false)),
						Map.entry("every index, look-up + COPY (the loader)",
								new Variant(indexes, Load.LOOKUP_AND_COPY, all, false)),
						Map.entry("every index, rows whole in the store (rejected)",
								new Variant(indexes, Load.DIRECT, all, true)),
						Map.entry("every index, staged, 2 backends (before)",
								new Variant(indexes, Load.STAGED, halves, false)),
						Map.entry("every index, look-up + COPY, 2 backends",
								new Variant(indexes, Load.LOOKUP_AND_COPY, halves, false)),
						Map.entry(
								"required indexes, no terms, 1 backend", new Variant(required, Load.DIRECT,
										texts(dir, partition, 1, false), false)),
						Map.entry("required indexes, no terms, 2 backends",
								new Variant(required, Load.DIRECT, halvesWithoutTerms, false)),
						Map.entry("required btrees, no GIN, no terms, 2 backends",
								new Variant(required.stream().filter(def -> !def.contains("USING gin")).toList(),
										Load.DIRECT, halvesWithoutTerms, false)));
			for (Map.Entry<String, Variant> variant : variants) {
				double seconds = variant.getValue().run(this.dataSource);
				System.out.printf("  %-50s %,8.0f rows/s  (%.1f s)%n", variant.getKey(), rows / seconds, seconds);
			}
			System.out.println();
		}
		finally {
			try (Stream<Path> walk = Files.walk(dir)) {
				walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/**
	 * The stored rows as the loader's COPY text, split into this many parts (one per
	 * backend) and each part into chunks of the loader's size, with or without their
	 * free-text terms.
	 */
	private Texts texts(Path dir, String partition, int parts, boolean withTerms) throws SQLException, IOException {
		String columns = withTerms ? EventWriter.COPY_COLUMNS
				: EventWriter.COPY_COLUMNS.replace("search_terms", "'{}'::text[] as search_terms");
		this.jdbc.sql("create index if not exists bench_seq_idx on " + partition + " (seq)").update();
		record Row(long seq, String eventId, Instant time) {
		}
		List<List<Chunk>> chunks = new ArrayList<>();
		long bytes = 0;
		try (Connection c = this.dataSource.getConnection()) {
			for (int part = 0; part < parts; part++) {
				List<Row> rows = this.jdbc
					.sql("select seq, event_id, event_time from " + partition + " where seq % " + parts + " = " + part
							+ " order by seq")
					.query((rs, n) -> new Row(rs.getLong(1), rs.getString(2),
							rs.getObject(3, java.time.OffsetDateTime.class).toInstant()))
					.list();
				List<Chunk> partChunks = new ArrayList<>();
				for (int from = 0; from < rows.size(); from += CHUNK) {
					List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
					Path file = dir
						.resolve("rows-" + parts + "-" + part + "-" + from + (withTerms ? "" : "-no-terms") + ".csv");
					try (OutputStream out = Files.newOutputStream(file)) {
						c.unwrap(PGConnection.class)
							.getCopyAPI()
							.copyOut("copy (select " + columns + " from " + partition + " where seq % " + parts + " = "
									+ part + " and seq between " + chunk.get(0).seq() + " and "
									+ chunk.get(chunk.size() - 1).seq() + " order by seq) to stdout (format csv)", out);
					}
					bytes += Files.size(file);
					partChunks.add(new Chunk(file, chunk.stream().map(Row::eventId).toArray(String[]::new),
							chunk.stream().map(Row::time).min(Instant::compareTo).orElseThrow(),
							chunk.stream().map(Row::time).max(Instant::compareTo).orElseThrow()));
				}
				chunks.add(partChunks);
			}
		}
		return new Texts(chunks, bytes);
	}

	/** Each backend's chunks of COPY text. */
	private record Texts(List<List<Chunk>> parts, long bytes) {
	}

	/**
	 * One chunk of the loader: its COPY text, its event ids and its time range, for the
	 * look-up.
	 */
	private record Chunk(Path file, String[] eventIds, Instant from, Instant to) {
	}

	private enum Load {

		/** COPY into the table. */
		DIRECT,

		/** The loader: look up each chunk's keys in the table, then COPY it. */
		LOOKUP_AND_COPY,

		/**
		 * The loader before: COPY into a temporary table, then insert what the table
		 * lacks.
		 */
		STAGED

	}

	/**
	 * One load of the text, each part on its own backend at the same time, in one
	 * transaction, into a fresh table: chunk after chunk, as the loader does.
	 */
	private record Variant(List<String> indexes, Load load, Texts texts, boolean storeWhole) {

		double run(DataSource dataSource) throws Exception {
			try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
				s.execute("drop table if exists bench_rows");
				s.execute("create table bench_rows (like events including defaults)"
						+ (this.storeWhole ? " with (" + WHOLE + ")" : ""));
				for (String index : this.indexes) {
					s.execute(index);
				}
				s.execute("checkpoint");
				ExecutorService backends = Executors.newFixedThreadPool(this.texts.parts().size());
				try {
					List<Future<?>> parts = new ArrayList<>();
					long t0 = System.nanoTime();
					for (List<Chunk> chunks : this.texts.parts()) {
						parts.add(backends.submit(() -> {
							load(dataSource, chunks);
							return null;
						}));
					}
					for (Future<?> part : parts) {
						part.get();
					}
					long t1 = System.nanoTime();
					s.execute("drop table bench_rows");
					return (t1 - t0) / 1e9;
				}
				finally {
					backends.shutdownNow();
				}
			}
		}

		private void load(DataSource dataSource, List<Chunk> chunks) throws SQLException, IOException {
			try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
				c.setAutoCommit(false);
				String target = this.load == Load.STAGED ? "bench_stage" : "bench_rows";
				if (this.load == Load.STAGED) {
					s.execute("create temp table bench_stage (like bench_rows including defaults) on commit drop");
				}
				try (PreparedStatement lookUp = c.prepareStatement("select event_id, recipient_account_id, event_time"
						+ " from bench_rows where event_id = any(?) and event_time >= ? and event_time <= ?")) {
					for (Chunk chunk : chunks) {
						if (this.load == Load.LOOKUP_AND_COPY) {
							lookUp.setArray(1, c.createArrayOf("text", chunk.eventIds()));
							lookUp.setObject(2, chunk.from().atOffset(java.time.ZoneOffset.UTC));
							lookUp.setObject(3, chunk.to().atOffset(java.time.ZoneOffset.UTC));
							try (ResultSet found = lookUp.executeQuery()) {
								while (found.next()) {
									// new events: nothing is found, as for a file the
									// store does not have
								}
							}
						}
						try (InputStream in = Files.newInputStream(chunk.file())) {
							c.unwrap(PGConnection.class)
								.getCopyAPI()
								.copyIn("copy " + target + " (" + EventWriter.COPY_COLUMNS
										+ ") from stdin (format csv)", in);
						}
					}
				}
				if (this.load == Load.STAGED) {
					s.execute("insert into bench_rows select * from bench_stage on conflict do nothing");
				}
				c.commit();
			}
		}
	}

}
