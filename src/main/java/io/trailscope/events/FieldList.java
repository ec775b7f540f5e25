package io.trailscope.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.trailscope.query.Fields;
import io.trailscope.query.SqlCondition;

/**
 * The fields of the matching records, for the field list beside the results: the core
 * fields, which every record has a column for, then every path to a value found in the
 * newest matching records, with how many of them carry it. Paths through arrays are
 * written without indexes ({@code resources.ARN}), as the query language reads them.
 */
@Component
class FieldList {

	/** The newest matching records read for their paths. */
	static final int SAMPLE = 500;

	/** Deeper than CloudTrail nests; a hand-made record nested further is cut here. */
	private static final int MAX_DEPTH = 12;

	private static final int MAX_PATHS = 400;

	/**
	 * The core fields in the order of the list: name, label, and the {@code col} id that
	 * shows it (a named column, or the field's own path).
	 */
	static final List<Core> CORE = List.of(new Core("eventName", "Event name", "event"),
			new Core("eventSource", "Event source", "source"), new Core("principal", "Principal", "who"),
			new Core("userIdentity.type", "Identity type", "identity"),
			new Core("userIdentity.arn", "Caller ARN", "userIdentity.arn"),
			new Core("userIdentity.accessKeyId", "Access key", "key"),
			new Core("recipientAccountId", "Account", "account"), new Core("awsRegion", "Region", "region"),
			new Core("sourceIPAddress", "Source IP", "ip"), new Core("userAgent", "User agent", "agent"),
			new Core("errorCode", "Error code", "error"), new Core("errorMessage", "Error message", "errorMessage"),
			new Core("readOnly", "Read only", "readOnly"), new Core("eventType", "Event type", "eventType"),
			new Core("eventCategory", "Event category", "eventCategory"));

	/** What a {@code col} parameter and a query term can name as they are. */
	private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_$@-]+(\\.[A-Za-z0-9_$@-]+){0,15}");

	private static final Set<String> NOT_LISTED = Set.of("eventTime", "eventVersion");

	private final JdbcClient jdbc;

	FieldList(SearchJdbc jdbc) {
		this.jdbc = jdbc.client();
	}

	/** The paths of the newest {@link #SAMPLE} records that match the search. */
	Paths paths(EventSearch search) {
		long started = System.nanoTime();
		SqlCondition condition = search.condition();
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("sample", SAMPLE);
		params.put("depth", MAX_DEPTH);
		params.put("paths", MAX_PATHS);
		String sql = """
				with recursive s as materialized (
				  select row_number() over () as rid, e.record from events e
				  where %s and (%s) order by e.event_time desc limit :sample
				), walk(rid, path, v, depth) as (
				  select s.rid, j.k, j.v, 1 from s cross join lateral jsonb_each(
				    case when jsonb_typeof(s.record) = 'object' then s.record else '{}'::jsonb end) j(k, v)
				  union all
				  select w.rid, case when c.k is null then w.path else w.path || '.' || c.k end, c.v, w.depth + 1
				  from walk w cross join lateral (
				    select o.k, o.v from jsonb_each(
				      case when jsonb_typeof(w.v) = 'object' then w.v else '{}'::jsonb end) o(k, v)
				    union all
				    select null, a.v from jsonb_array_elements(
				      case when jsonb_typeof(w.v) = 'array' then w.v else '[]'::jsonb end) a(v)
				  ) c
				  where w.depth < :depth and jsonb_typeof(w.v) in ('object', 'array')
				)
				select path, count(distinct rid) as n, (select count(*) from s) as sampled
				from walk where jsonb_typeof(v) not in ('object', 'array', 'null')
				group by path order by path limit :paths"""
			.formatted(MatchingEvents.timeCondition(search.time(), params), condition.sql());
		List<Path> paths = new ArrayList<>();
		long[] sampled = { 0 };
		this.jdbc.sql(sql).params(params).query(rs -> {
			sampled[0] = rs.getLong("sampled");
			String path = rs.getString("path");
			if (!NOT_LISTED.contains(path) && Fields.resolve(path).isEmpty()) {
				paths.add(new Path(path, rs.getLong("n"), PATH.matcher(path).matches()));
			}
		});
		return new Paths(paths, sampled[0], MatchingEvents.millisSince(started));
	}

	/**
	 * The most frequent values of one field among the newest {@code newest} events of the
	 * search: cheap at any scale (one index range of the newest rows), for the query
	 * box's suggestions of a field the rollups do not count, where being quick matters
	 * more than counting every event. Labelled as a sample.
	 */
	Aggregate.Groups newestValues(EventSearch search, GroupBy.Key key, int newest, int top) {
		long started = System.nanoTime();
		SqlCondition condition = search.condition();
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("newest", newest);
		params.put("top", top);
		if (key.path() != null) {
			params.put("g0", key.path());
		}
		String sql = """
				with s as materialized (
				  select e.* from events e where %s and (%s) order by e.event_time desc limit :newest
				)
				select %s as v, count(*) as n, (select count(*) from s) as sampled
				from s e group by 1 order by 2 desc, 1 limit :top"""
			.formatted(MatchingEvents.timeCondition(search.time(), params), condition.sql(), key.expression());
		List<Aggregate.Group> groups = new ArrayList<>();
		long[] sampled = { 0 };
		this.jdbc.sql(sql).params(params).query(rs -> {
			sampled[0] = rs.getLong("sampled");
			groups.add(new Aggregate.Group(Arrays.asList(rs.getString("v")), rs.getLong("n"), null, null, null));
		});
		long total = groups.stream().mapToLong(Aggregate.Group::count).sum();
		return new Aggregate.Groups(groups, 0, total, groups.size(), new Aggregate.Basis(Aggregate.Method.SAMPLE,
				sampled[0], sampled[0], MatchingEvents.millisSince(started)));
	}

	/**
	 * A core field.
	 *
	 * @param field its query-language name
	 * @param label its name in the list
	 * @param column the {@code col} that shows it
	 */
	record Core(String field, String label, String column) {
	}

	/**
	 * A path found in the sample.
	 *
	 * @param path the dotted path
	 * @param records how many sampled records carry a value there
	 * @param nameable whether a column or query term can name it as written (keys with
	 * spaces or colons, which hand-made records have, cannot)
	 */
	record Path(String path, long records, boolean nameable) {
	}

	/** The paths of a sample of {@code sampled} records, read in {@code elapsedMs}. */
	record Paths(List<Path> paths, long sampled, long elapsedMs) {
	}

}
