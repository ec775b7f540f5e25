package io.trailscope.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups of one recipient account ({@code event_counts}) next to a recount of its
 * events, for every kept cuboid that groups by the account, at both grains. The test
 * database is shared by every test class, so only the cuboids with the account can be
 * compared for one test's data.
 *
 * <p>
 * The recount does not reuse the rollups' SQL: it cuts buckets with {@code date_trunc} in
 * UTC rather than {@code date_bin} from an origin, and groups each cuboid on its own
 * rather than by grouping sets, so a mistake in either shows here instead of being
 * repeated.
 */
public final class RollupRecount {

	private RollupRecount() {
	}

	/**
	 * Asserts that the account has events and that its rollups are exactly a recount of
	 * them.
	 */
	public static void assertExact(JdbcClient jdbc, String account) {
		List<String> recount = recount(jdbc, account);
		assertThat(recount).as("events of account %s", account).isNotEmpty();
		assertThat(rollups(jdbc, account)).as("rollups of account %s against a recount of its events", account)
			.containsExactlyInAnyOrderElementsOf(recount);
	}

	/** The rollup rows of the account, one line each (see {@link #line}). */
	public static List<String> rollups(JdbcClient jdbc, String account) {
		List<String> rows = new ArrayList<>();
		for (int dims : accountCuboids()) {
			for (String grain : grains(dims)) {
				rows.addAll(jdbc
					.sql("select bucket, " + columns() + ", n, first_seen, last_seen from event_counts"
							+ " where grain = :grain and dims = :dims and recipient_account_id = :account")
					.param("grain", grain)
					.param("dims", dims)
					.param("account", account)
					.query((rs, n) -> line(grain, dims, rs))
					.list());
			}
		}
		return rows;
	}

	/** What the rollup rows of the account should be, counted from its events now. */
	public static List<String> recount(JdbcClient jdbc, String account) {
		List<String> rows = new ArrayList<>();
		for (int dims : accountCuboids()) {
			List<Dimension> grouped = Dimension.of(dims);
			String select = Arrays.stream(Dimension.values())
				.map(d -> grouped.contains(d) ? d.column()
						: "cast(null as " + (d == Dimension.READ_ONLY ? "boolean" : "text") + ") as " + d.column())
				.collect(Collectors.joining(", "));
			String groupBy = grouped.stream().map(Dimension::column).collect(Collectors.joining(", "));
			for (String grain : grains(dims)) {
				String unit = grain.equals("h") ? "hour" : "day";
				rows.addAll(jdbc
					.sql("select date_trunc('" + unit + "', event_time at time zone 'UTC') at time zone 'UTC'"
							+ " as bucket, " + select + ", count(*) as n, min(event_time) as first_seen,"
							+ " max(event_time) as last_seen from events where recipient_account_id = :account"
							+ " group by 1, " + groupBy)
					.param("account", account)
					.query((rs, n) -> line(grain, dims, rs))
					.list());
			}
		}
		return rows;
	}

	/**
	 * The cuboids that group by the account: the only ones one test's events can be told
	 * apart in.
	 */
	static List<Integer> accountCuboids() {
		return Stream.concat(Dimension.CUBOIDS.stream(), Dimension.DAY_CUBOIDS.stream())
			.filter(dims -> (dims & Dimension.ACCOUNT.bit()) != 0)
			.toList();
	}

	/** The grains a cuboid is kept at: the principal's pairs per day only. */
	private static List<String> grains(int dims) {
		return Dimension.DAY_CUBOIDS.contains(dims) ? List.of("d") : List.of("h", "d");
	}

	/**
	 * A row as one line: grain, bucket, the values of the cuboid's dimensions (null and
	 * the empty string told apart), the count, and the first and last event times to the
	 * microsecond. A column outside the cuboid must be null; one that is not shows,
	 * marked.
	 */
	private static String line(String grain, int dims, ResultSet rs) throws SQLException {
		StringBuilder line = new StringBuilder(grain).append(' ').append(rs.getTimestamp("bucket").toInstant());
		for (Dimension dimension : Dimension.values()) {
			Object value = rs.getObject(dimension.column());
			boolean grouped = (dims & dimension.bit()) != 0;
			if (grouped || value != null) {
				line.append(grouped ? " " : " ungrouped ")
					.append(dimension.field())
					.append('=')
					.append((value instanceof String text) ? '"' + text + '"' : String.valueOf(value));
			}
		}
		return line.append(" n=")
			.append(rs.getLong("n"))
			.append(" first=")
			.append(instant(rs.getTimestamp("first_seen")))
			.append(" last=")
			.append(instant(rs.getTimestamp("last_seen")))
			.toString();
	}

	private static String columns() {
		return Arrays.stream(Dimension.values()).map(Dimension::column).collect(Collectors.joining(", "));
	}

	private static Object instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
