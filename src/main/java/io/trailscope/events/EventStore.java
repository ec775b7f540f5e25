package io.trailscope.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import io.trailscope.web.Keyset;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.SqlCondition;

/**
 * Owns the reads of the events table for the rows of a search: the page of rows, the
 * capped count, the copies of one event, and the export stream (the aggregations are
 * {@link Aggregations}'). Every statement is one WHERE of bound conditions: the time
 * window first (so only the partitions of the window are read), the compiled query, and
 * the keyset position. The only SQL text assembled here is constant, or comes from
 * {@link QueryCompiler}, whose values are bound parameters too.
 */
@Repository
class EventStore {

	private static final String ROW_COLUMNS = "e.event_time, e.seq, e.event_id, e.recipient_account_id, e.event_name, "
			+ "e.event_source, e.aws_region, e.source_address, e.user_agent, e.error_code, e.error_message, e.principal, "
			+ "e.principal_arn, e.identity_type, e.access_key_id, e.read_only";

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	EventStore(SearchJdbc jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc.client();
		this.mapper = mapper;
	}

	/** Up to {@code limit} matching rows from the search's position, in its order. */
	List<EventRow> page(EventSearch search, int limit) {
		SqlCondition where = where(search, true);
		Map<String, Object> params = new HashMap<>(where.params());
		String sql = "select " + ROW_COLUMNS + pathColumns(search, params) + " from events e where " + where.sql()
				+ order(search) + " limit :limit";
		params.put("limit", limit);
		return this.jdbc.sql(sql).params(params).query((rs, n) -> row(rs, search, false)).list();
	}

	/**
	 * Every matching row in the search's order, at constant memory: the driver reads from
	 * a cursor only inside a transaction, which the caller opens (read-only).
	 */
	void stream(EventSearch search, boolean withRecord, Consumer<EventRow> consumer) {
		SqlCondition where = where(search, false);
		Map<String, Object> params = new HashMap<>(where.params());
		String sql = "select " + ROW_COLUMNS + pathColumns(search, params)
				+ (withRecord ? ", e.record::text as record" : "") + " from events e where " + where.sql()
				+ order(search);
		this.jdbc.sql(sql).withFetchSize(withRecord ? 500 : 2000).params(params).query(rs -> {
			consumer.accept(row(rs, search, withRecord));
		});
	}

	/**
	 * The number of matches, exact up to {@code cap}; beyond it the planner's estimate.
	 * When the planner already expects more than {@code cap} matches, its estimate is
	 * taken without counting: counting to the cap reads up to {@code cap} rows, hundreds
	 * of milliseconds for a combination of filters that no single index serves.
	 */
	Count count(EventSearch search, int cap) {
		SqlCondition where = where(search, false);
		long estimate = estimate(where);
		if (estimate >= cap) {
			return new Count(estimate, true);
		}
		long exact = this.jdbc
			.sql("select count(*) from (select 1 from events e where " + where.sql() + " limit :cap) x")
			.params(where.params())
			.param("cap", cap)
			.query(Long.class)
			.single();
		return exact < cap ? new Count(exact, false) : new Count(Math.max(cap, estimate), true);
	}

	private long estimate(SqlCondition where) {
		String plan = this.jdbc.sql("explain (format json) select 1 from events e where " + where.sql())
			.params(where.params())
			.query(String.class)
			.single();
		return this.mapper.readTree(plan).path(0).path("Plan").path("Plan Rows").asLong(0);
	}

	/** Every stored copy of an event (one per recipient account), with its record. */
	List<EventRow> copies(String eventId) {
		return this.jdbc
			.sql("select " + ROW_COLUMNS + ", e.record::text as record from events e where e.event_id = :id"
					+ " order by e.recipient_account_id, e.event_time")
			.param("id", eventId)
			.query((rs, n) -> row(rs, null, true))
			.list();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/** The time window, the compiled query and, for a page, the keyset position. */
	private SqlCondition where(EventSearch search, boolean withPosition) {
		SqlCondition where = search.condition();
		TimeRange time = search.time();
		if (time.from() != null) {
			where = where.and(new SqlCondition("e.event_time >= :t_from", Map.of("t_from", utc(time.from()))));
		}
		if (time.to() != null) {
			where = where.and(new SqlCondition("e.event_time < :t_to", Map.of("t_to", utc(time.to()))));
		}
		Keyset after = search.after();
		if (withPosition && after != null) {
			where = where.and(new SqlCondition(
					search.oldestFirst() ? "(e.event_time, e.seq) > (:p_time, :p_seq)"
							: "(e.event_time, e.seq) < (:p_time, :p_seq)",
					Map.of("p_time", utc(after.time()), "p_seq", after.tiebreakNumber())));
		}
		return where;
	}

	private static String order(EventSearch search) {
		return search.oldestFirst() ? " order by e.event_time, e.seq" : " order by e.event_time desc, e.seq desc";
	}

	/**
	 * The selected JSON path columns: the first value at the path, arrays on the way
	 * unwrapped.
	 */
	private static String pathColumns(EventSearch search, Map<String, Object> params) {
		StringBuilder sql = new StringBuilder();
		int i = 0;
		for (Column column : search.columns()) {
			if (column.json()) {
				String name = "c" + i++;
				sql.append(", jsonb_path_query_first(e.record, cast(:")
					.append(name)
					.append(" as jsonpath)) #>> '{}' as ")
					.append(name);
				// keys were checked against a strict pattern, and are quoted here as
				// jsonpath keys
				params.put(name, "$" + String.join("", column.keys().stream().map(k -> ".\"" + k + "\"").toList()));
			}
		}
		return sql.toString();
	}

	private static EventRow row(ResultSet rs, EventSearch search, boolean withRecord) throws SQLException {
		Map<String, String> paths = Map.of();
		if (search != null) {
			int i = 0;
			for (Column column : search.columns()) {
				if (column.json()) {
					if (paths.isEmpty()) {
						paths = new HashMap<>();
					}
					String value = rs.getString("c" + i++);
					if (value != null) {
						paths.put(column.id(), value);
					}
				}
			}
		}
		Object readOnly = rs.getObject("read_only");
		return new EventRow(rs.getTimestamp("event_time").toInstant(), rs.getLong("seq"), rs.getString("event_id"),
				rs.getString("recipient_account_id"), rs.getString("event_name"), rs.getString("event_source"),
				rs.getString("aws_region"), rs.getString("source_address"), rs.getString("user_agent"),
				rs.getString("error_code"), rs.getString("error_message"), rs.getString("principal"),
				rs.getString("principal_arn"), rs.getString("identity_type"), rs.getString("access_key_id"),
				(Boolean) readOnly, paths, withRecord ? rs.getString("record") : null);
	}

	/** A count of matches; an estimate when more than the exact cap matched. */
	record Count(long value, boolean estimate) {
	}

}
