package io.trailscope.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.web.Keyset;
import io.trailscope.events.SearchJdbc;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.QuerySyntaxException;
import io.trailscope.query.SqlCondition;

import static io.trailscope.database.Timestamps.instant;
import static io.trailscope.database.Timestamps.utc;

/**
 * Reads the calls of one session from the events table, filtered as the user asks: a page
 * of the timeline, the breakdown by action, and the streams of the exports. Every read is
 * bounded in time ({@link SearchJdbc}), since the filter's query can cost anything.
 */
@Repository
class SessionCalls {

	private static final String CALL_COLUMNS = "e.event_time, e.seq, e.event_id, e.recipient_account_id, e.event_name, "
			+ "e.event_source, e.aws_region, e.source_address, e.user_agent, e.error_code, e.error_message, "
			+ "e.access_key_id, e.principal_arn, e.session_created";

	private static final String CALL_ORDER = "e.event_time, e.event_id, e.recipient_account_id";

	private final JdbcClient reads;

	private final SessionStore sessions;

	private final QueryCompiler compiler;

	SessionCalls(SearchJdbc reads, SessionStore sessions, QueryCompiler compiler) {
		this.reads = reads.client();
		this.sessions = sessions;
		this.compiler = compiler;
	}

	/**
	 * One page of a session's calls in time order. Calls of the same second are ordered
	 * by event id and account rather than by arrival (seq), so that any load order gives
	 * the same timeline; the keyset is that triple.
	 */
	List<SessionCall> page(Session session, CallFilter filter, SessionRules rules, int limit) {
		SqlCondition calls = callCondition(session, filter);
		Keyset cursor = filter.position();
		if (cursor != null) {
			int split = cursor.tiebreak().lastIndexOf('~');
			if (split < 0) {
				throw new IllegalArgumentException("malformed cursor");
			}
			Map<String, Object> after = new HashMap<>();
			after.put("cursorTime", utc(cursor.time()));
			after.put("cursorId", cursor.tiebreak().substring(0, split));
			after.put("cursorAccount", cursor.tiebreak().substring(split + 1));
			calls = calls.and(new SqlCondition(
					"(e.event_time, e.event_id, e.recipient_account_id) > (:cursorTime, :cursorId, :cursorAccount)",
					after));
		}
		return this.reads
			.sql("select " + CALL_COLUMNS + " from events e where " + calls.sql() + " order by " + CALL_ORDER
					+ " limit :limit")
			.params(calls.params())
			.param("limit", limit)
			.query((rs, n) -> callRow(rs, session, rules))
			.list();
	}

	/**
	 * Every call of a session matching the filter, in time order, streamed at constant
	 * memory.
	 */
	void eachCall(Session session, CallFilter filter, SessionRules rules, Consumer<SessionCall> consumer) {
		SqlCondition calls = callCondition(session, filter);
		this.reads.sql("select " + CALL_COLUMNS + " from events e where " + calls.sql() + " order by " + CALL_ORDER)
			.withFetchSize(1000)
			.params(calls.params())
			.query(rs -> {
				consumer.accept(callRow(rs, session, rules));
			});
	}

	/**
	 * Every record of a session's calls matching the filter, in time order, streamed at
	 * constant memory.
	 */
	void eachRecord(Session session, CallFilter filter, Consumer<String> consumer) {
		SqlCondition calls = callCondition(session, filter);
		this.reads.sql("select e.record::text from events e where " + calls.sql() + " order by " + CALL_ORDER)
			.withFetchSize(500)
			.params(calls.params())
			.query(rs -> {
				consumer.accept(rs.getString(1));
			});
	}

	/** The session's calls by service and action, most frequent first. */
	List<ActionCount> breakdown(Session session, CallFilter filter) {
		SqlCondition calls = callCondition(session, filter);
		return this.reads.sql("select e.event_source, e.event_name, count(*) as calls, count(e.error_code) as errors"
				+ " from events e where " + calls.sql()
				+ " group by e.event_source, e.event_name order by calls desc, e.event_source, e.event_name limit 200")
			.params(calls.params())
			.query((rs, n) -> new ActionCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
			.list();
	}

	/**
	 * The session's calls that the filter keeps, whatever its slice, counted per bin of
	 * its active time in one aggregate (never by reading the calls): what the time strip
	 * draws, each bin linking to the slice it counts.
	 */
	CallStrip strip(Session session, CallFilter filter, String path) {
		if (session.firstActivity() == null || session.lastActivity() == null) {
			return CallStrip.EMPTY;
		}
		CallStrip.Bins bins = CallStrip.bins(session.firstActivity(), session.lastActivity());
		SqlCondition calls = callCondition(session, filter.whole());
		Map<Instant, long[]> counts = new HashMap<>();
		this.reads
			.sql("select date_bin(make_interval(secs => cast(:stripStep as double precision)), e.event_time,"
					+ " :stripOrigin) as bin, count(*) as calls, count(e.error_code) as errors from events e where "
					+ calls.sql() + " and e.event_time >= :stripOrigin and e.event_time < :stripEnd group by 1")
			.params(calls.params())
			.param("stripStep", bins.step().toSeconds())
			.param("stripOrigin", utc(bins.origin()))
			.param("stripEnd", utc(bins.end()))
			.query(rs -> {
				counts.put(instant(rs, "bin"), new long[] { rs.getLong("calls"), rs.getLong("errors") });
			});
		return CallStrip.of(bins, counts, filter.fromTime(), filter.toTime(),
				(from, to) -> filter.sliceUrl(path, from, to));
	}

	/**
	 * Parses and compiles the filter's query, so a malformed one (bad syntax, unknown
	 * field, bad value) is reported before a response starts.
	 * @throws QuerySyntaxException saying what is wrong and where
	 */
	void check(CallFilter filter) {
		if (filter.q() != null) {
			this.compiler.compile(filter.query(), "call_");
		}
	}

	/**
	 * The session's calls that the filter keeps: its scope and the filter's conditions.
	 */
	private SqlCondition callCondition(Session session, CallFilter filter) {
		SqlCondition calls = this.sessions.scope(session.key());
		if (filter.q() != null) {
			calls = calls.and(this.compiler.compile(filter.query(), "call_"));
		}
		if (filter.eventName() != null) {
			calls = calls
				.and(new SqlCondition("e.event_name ilike :eventName", Map.of("eventName", filter.eventNamePattern())));
		}
		if ("any".equalsIgnoreCase(filter.error())) {
			calls = calls.and(new SqlCondition("e.error_code is not null", Map.of()));
		}
		else if ("none".equalsIgnoreCase(filter.error())) {
			calls = calls.and(new SqlCondition("e.error_code is null", Map.of()));
		}
		else if (filter.error() != null) {
			calls = calls.and(new SqlCondition("e.error_code = :errorCode", Map.of("errorCode", filter.error())));
		}
		if (filter.fromTime() != null) {
			calls = calls
				.and(new SqlCondition("e.event_time >= :sliceFrom", Map.of("sliceFrom", utc(filter.fromTime()))));
		}
		if (filter.toTime() != null) {
			calls = calls.and(new SqlCondition("e.event_time < :sliceTo", Map.of("sliceTo", utc(filter.toTime()))));
		}
		return calls;
	}

	private static SessionCall callRow(ResultSet rs, Session session, SessionRules rules) throws SQLException {
		Instant time = instant(rs, "event_time");
		LinkMethod link = rules
			.link(session.key(),
					new Usage(rs.getString("principal_arn"), rs.getString("access_key_id"),
							instant(rs, "session_created"), time))
			.orElse(null);
		return new SessionCall(time, rs.getLong("seq"), rs.getString("event_id"), rs.getString("recipient_account_id"),
				rs.getString("event_name"), rs.getString("event_source"), rs.getString("aws_region"),
				rs.getString("source_address"), rs.getString("user_agent"), rs.getString("error_code"),
				rs.getString("error_message"), rs.getString("access_key_id"), link);
	}

}
