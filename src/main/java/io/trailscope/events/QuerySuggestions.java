package io.trailscope.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import io.trailscope.query.Field;
import io.trailscope.query.Fields;
import io.trailscope.query.Query;
import io.trailscope.query.QueryToken;

/**
 * What the query box offers while a query is typed: field names and aliases (with what
 * each means and an example) where a term starts, the field's most frequent values under
 * the search's time range after {@code field:}, the operators between terms, and the
 * wildcard.
 *
 * <p>
 * Values come from the aggregations (the rollups for core fields, a sample for record
 * paths) over the time range alone, not the rest of the query: that answer is the same
 * for every keystroke, so it is kept for a minute and each keystroke only filters it.
 * While names are being typed, the core fields' values of the range are read ahead.
 */
@Component
class QuerySuggestions {

	static final int LIMIT = 12;

	/** The newest events of the range whose values a field outside the rollups offers. */
	static final int NEWEST = 20_000;

	/** The values read once per field and range; the typed prefix filters these. */
	private static final int VALUES = 200;

	private static final List<Suggestion> OPERATORS = List.of(
			new Suggestion("operator", "AND", "AND ", "Both terms must match (also what a space means).", null, null,
					false),
			new Suggestion("operator", "OR", "OR ", "Either term matches: eventName:(Get* OR List*).", null, null,
					false),
			new Suggestion("operator", "NOT", "NOT ", "The next term must not match; -term says the same.", null, null,
					false));

	private final Aggregations aggregations;

	private final FieldList fields;

	/**
	 * The core fields whose values are read ahead when field names are asked for: by the
	 * time a name and its colon are typed, its values are waiting.
	 */
	private static final List<String> READ_AHEAD = List.of("eventName", "eventSource", "principal", "errorCode",
			"recipientAccountId", "awsRegion", "userIdentity.type");

	/** Two threads: reading ahead never takes more of the database than two searches. */
	private final ExecutorService readers = Executors.newFixedThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "query-suggestions");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Values being read or read, once per field and range; a failed read is forgotten.
	 */
	private final AsyncCache<String, Aggregate.Groups> values = Caffeine.newBuilder()
		.maximumSize(500)
		.expireAfterWrite(Duration.ofMinutes(1))
		.executor(this.readers)
		.buildAsync();

	QuerySuggestions(Aggregations aggregations, FieldList fields) {
		this.aggregations = aggregations;
		this.fields = fields;
	}

	/**
	 * The suggestions for the term at {@code caret} of {@code q}, values counted under
	 * the time range of {@code range}.
	 */
	Suggestions suggest(String q, int caret, EventSearch range) {
		QueryToken token = QueryToken.at(q, caret);
		if (!token.inValue()) {
			readAhead(range);
		}
		List<Suggestion> items = token.inValue() ? values(token, range) : names(token);
		return new Suggestions(token.start(), token.end(), items);
	}

	private List<Suggestion> names(QueryToken token) {
		String typed = token.value().toLowerCase(Locale.ROOT);
		List<Suggestion> starts = new ArrayList<>();
		List<Suggestion> contains = new ArrayList<>();
		for (Field field : Fields.all()) {
			List<String> names = new ArrayList<>(field.aliases());
			names.add(0, field.name());
			// the name or alias that starts as typed, else one that holds it
			String match = names.stream()
				.filter(name -> name.toLowerCase(Locale.ROOT).startsWith(typed))
				.findFirst()
				.orElse(null);
			List<Suggestion> list = starts;
			if (match == null) {
				match = names.stream()
					.filter(name -> name.toLowerCase(Locale.ROOT).contains(typed))
					.findFirst()
					.orElse(null);
				list = contains;
			}
			if (match != null) {
				String detail = match.equals(field.name()) ? field.description()
						: "Alias of " + field.name() + ". " + field.description();
				list.add(new Suggestion("field", match, token.negation() + match + ":", detail, field.exampleQuery(),
						null, false));
			}
		}
		for (String key : Fields.topLevelKeys()) {
			String lower = key.toLowerCase(Locale.ROOT);
			if (!typed.isEmpty() && Fields.resolve(key).isEmpty() && lower.startsWith(typed)) {
				boolean object = key.equals("requestParameters") || key.equals("responseElements")
						|| key.equals("additionalEventData") || key.equals("serviceEventDetails")
						|| key.equals("userIdentity") || key.equals("resources") || key.equals("tlsDetails");
				starts.add(new Suggestion("field", key + (object ? "." : ""),
						token.negation() + key + (object ? "." : ":"),
						object ? "A path into the record: " + key + ".name" : "A key of the record.", null, null,
						false));
			}
		}
		List<Suggestion> items = new ArrayList<>(starts);
		items.addAll(contains);
		if (token.afterTerm() && token.negation().isEmpty()) {
			String upper = token.value().toUpperCase(Locale.ROOT);
			List<Suggestion> operators = OPERATORS.stream()
				.filter(o -> upper.isEmpty() || (o.label().startsWith(upper) && !o.label().equals(upper)))
				.toList();
			// a word typed in full is more likely an operator than a field
			int at = typed.isEmpty() ? Math.min(items.size(), LIMIT - operators.size()) : 0;
			items.addAll(at, operators);
		}
		return items.subList(0, Math.min(items.size(), LIMIT));
	}

	private List<Suggestion> values(QueryToken token, EventSearch range) {
		String field = token.field();
		List<Suggestion> items = new ArrayList<>();
		Optional<Field> named = Fields.resolve(field);
		if (named.isPresent() && named.get().kind() == Field.Kind.RESOURCE) {
			items.add(hint("Type an ARN or a name: matched anywhere in the record, case-insensitive."));
			return items;
		}
		Aggregate.Groups groups;
		try {
			groups = topValues(field, range);
		}
		catch (IllegalArgumentException ex) {
			items.add(hint(ex.getMessage()));
			return items;
		}
		String typed = token.value().replace("*", "").toLowerCase(Locale.ROOT);
		List<Suggestion> starts = new ArrayList<>();
		List<Suggestion> contains = new ArrayList<>();
		for (Aggregate.Group group : groups.rows()) {
			String value = group.values().get(0);
			if (value == null || value.isBlank()) {
				continue;
			}
			String lower = value.toLowerCase(Locale.ROOT);
			List<Suggestion> list = lower.startsWith(typed) ? starts : lower.contains(typed) ? contains : null;
			if (list != null && !value.equals(token.value())) {
				String term = Query.Match.literal(field, value).valueText();
				list.add(new Suggestion("value", value, token.keep() + term + (token.keep().isEmpty() ? "" : " "), null,
						null, group.count(), groups.basis().estimate()));
			}
		}
		items.addAll(starts);
		items.addAll(contains);
		items = new ArrayList<>(items.subList(0, Math.min(items.size(), LIMIT - 2)));
		if (!typed.isEmpty() && !token.value().contains("*")) {
			items.add(new Suggestion("hint", token.value() + "*", token.keep() + token.value() + "* ",
					"Every value that starts with " + token.value() + "; *" + token.value()
							+ "* for any that holds it.",
					null, null, false));
		}
		if (token.value().isEmpty()) {
			items.add(new Suggestion("hint", "*", token.keep() + "* ", "Any value: the field is present.", null, null,
					false));
		}
		return items;
	}

	private Aggregate.Groups topValues(String field, EventSearch range) {
		GroupBy by = GroupBy.of(field, null, "count", String.valueOf(VALUES), VALUES);
		try {
			return this.values.get(key(field, range), key -> read(range, by)).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * A core field's values from the rollups, exact; any other field's from the newest
	 * events of the range, which answers in milliseconds where a sample of the whole
	 * range takes seconds.
	 */
	private Aggregate.Groups read(EventSearch range, GroupBy by) {
		if (by.dimensions().isPresent()) {
			return this.aggregations.groups(range, by);
		}
		return this.fields.newestValues(range, by.by().get(0), NEWEST, VALUES);
	}

	private void readAhead(EventSearch range) {
		for (String field : READ_AHEAD) {
			GroupBy by = GroupBy.of(field, null, "count", String.valueOf(VALUES), VALUES);
			this.values.get(key(field, range), key -> read(range, by));
		}
	}

	private static String key(String field, EventSearch range) {
		TimeRange time = range.time();
		return field.toLowerCase(Locale.ROOT) + '\n' + time.range() + '\n' + time.fromText() + '\n' + time.toText();
	}

	@PreDestroy
	void stop() {
		this.readers.shutdownNow();
	}

	private static Suggestion hint(String text) {
		return new Suggestion("hint", text, null, null, null, null, false);
	}

	/**
	 * One suggestion.
	 *
	 * @param kind field, value, operator or hint
	 * @param label what the list shows
	 * @param insert the text that replaces the term when it is chosen, or null for a hint
	 * that only informs
	 * @param detail a line on what it means
	 * @param example an example query
	 * @param count how many events of the range hold the value
	 * @param estimate whether the count is estimated from a sample
	 */
	record Suggestion(String kind, String label, String insert, String detail, String example, Long count,
			boolean estimate) {

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("kind", this.kind);
			json.put("label", this.label);
			json.put("insert", this.insert);
			json.put("detail", this.detail);
			json.put("example", this.example);
			json.put("count", this.count);
			json.put("estimate", this.estimate);
			return json;
		}

	}

	/** The suggestions and the span of the query they replace. */
	record Suggestions(int start, int end, List<Suggestion> items) {

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("start", this.start);
			json.put("end", this.end);
			json.put("items", this.items.stream().map(Suggestion::json).toList());
			return json;
		}

	}

}
