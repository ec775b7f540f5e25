package io.trailscope.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.sample.TrailGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a loaded row's database time goes, not a test: run with
 * {@code ./mvnw test -Dtest=RowCostBenchmark -Dtrailscope.bench.rows=200000}. Imports that many
 * events of the sample trail the usual way, copies the stored rows out as the loader's COPY text,
 * then loads that text with one backend into fresh tables with parts of the index set and prints
 * rows per second for each: the loader's own path (COPY into a staging table, then insert into a
 * table with every index of the event store) and the variants it was chosen over.
 */
@TrailscopeIntegrationTest
@EnabledIfSystemProperty(named = "trailscope.bench.rows", matches = "\\d+")
class RowCostBenchmark {

	private static final String WHOLE = "toast_tuple_target = 8160";

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
		Path text = dir.resolve("rows.csv");
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
		assertThat(btrees).isNotEmpty();
		assertThat(recordGin).hasSize(1);
		assertThat(termsGin).hasSize(1);

		try (Connection c = this.dataSource.getConnection()) {
			try (OutputStream out = Files.newOutputStream(text)) {
				c.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyOut("copy (select " + IngestStore.STAGE_COLUMNS + " from " + partition + ") to stdout (format csv)",
							out);
			}
			double terms = this.jdbc.sql("select avg(cardinality(search_terms)) from " + partition)
				.query(Double.class)
				.single();
			System.out.printf("%nrow cost benchmark: %,d rows of %.0f bytes of COPY text, %.1f free-text terms each%n",
					rows, (double) Files.size(text) / rows, terms);
			List<Map.Entry<String, Variant>> variants = List.of(
					Map.entry("no index", new Variant(List.of(), true, false)),
					Map.entry("primary key and btrees only", new Variant(btrees, true, false)),
					Map.entry("record GIN only", new Variant(recordGin, true, false)),
					Map.entry("terms GIN only", new Variant(termsGin, true, false)),
					Map.entry("every index, staging rows toasted (before)", new Variant(indexes, false, false)),
					Map.entry("every index, staging rows whole (the loader)", new Variant(indexes, true, false)),
					Map.entry("every index, rows whole in the store too (rejected)", new Variant(indexes, true, true)));
			for (Map.Entry<String, Variant> variant : variants) {
				double[] seconds = variant.getValue().run(c, text);
				System.out.printf("  %-52s %,8.0f rows/s  (COPY %.1f s + insert %.1f s)%n", variant.getKey(),
						rows / (seconds[0] + seconds[1]), seconds[0], seconds[1]);
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
	 * One load of the text: COPY into a staging table, insert into a fresh table with these indexes.
	 */
	private record Variant(List<String> indexes, boolean stageWhole, boolean storeWhole) {

		double[] run(Connection c, Path text) throws SQLException, IOException {
			try (Statement s = c.createStatement()) {
				s.execute("drop table if exists bench_rows");
				s.execute("drop table if exists bench_stage");
				s.execute("create table bench_rows (like events including defaults)"
						+ (this.storeWhole ? " with (" + WHOLE + ")" : ""));
				for (String index : this.indexes) {
					s.execute(index);
				}
				s.execute("create temp table bench_stage (like bench_rows including defaults)"
						+ (this.stageWhole ? " with (" + WHOLE + ")" : ""));
				s.execute("checkpoint");
				long t0 = System.nanoTime();
				try (InputStream in = Files.newInputStream(text)) {
					c.unwrap(PGConnection.class)
						.getCopyAPI()
						.copyIn("copy bench_stage (" + IngestStore.STAGE_COLUMNS + ") from stdin (format csv)", in);
				}
				long t1 = System.nanoTime();
				s.execute("insert into bench_rows select * from bench_stage on conflict do nothing");
				long t2 = System.nanoTime();
				s.execute("drop table bench_stage");
				s.execute("drop table bench_rows");
				return new double[] { (t1 - t0) / 1e9, (t2 - t1) / 1e9 };
			}
		}
	}
}
