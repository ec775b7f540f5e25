package io.trailscope.events;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The field list beside the results, like Kibana's: {@code /events/fields} lists the core
 * fields and the record paths of the matching records; {@code /events/field?field=} the
 * top values of one, each with include and exclude, and links that add it as a column or
 * group by it. Both render their part of {@code events/search} for htmx, or a page of
 * their own for a reader without JavaScript.
 */
@Controller
class FieldListController {

	static final int TOP = 10;

	private final FieldList fields;

	private final Aggregations aggregations;

	private final Clock clock;

	FieldListController(FieldList fields, Aggregations aggregations, Clock clock) {
		this.fields = fields;
		this.aggregations = aggregations;
		this.clock = clock;
	}

	@GetMapping("/events/fields")
	String fields(@RequestParam MultiValueMap<String, String> parameters, HtmxRequest htmx,
			HttpServletResponse response, Model model) {
		EventSearch search = EventSearch.of(parameters, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		if (search.problemDetail() != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		model.addAttribute("search", search);
		model.addAttribute("part", "fields");
		model.addAttribute("problem", search.problemDetail());
		model.addAttribute("fields", (search.problemDetail() != null) ? null : page(search));
		return view(htmx, "fields");
	}

	@GetMapping("/events/field")
	String field(@RequestParam MultiValueMap<String, String> parameters, @RequestParam("field") String name,
			HtmxRequest htmx, HttpServletResponse response, Model model) {
		EventSearch search = EventSearch.of(parameters, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		model.addAttribute("search", search);
		model.addAttribute("part", "field");
		String problem = (search.problemDetail() != null) ? search.problemDetail().message() : null;
		FieldValues values = null;
		if (problem == null) {
			try {
				values = values(search, name);
			}
			catch (IllegalArgumentException ex) {
				problem = ex.getMessage();
			}
		}
		if (problem != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		model.addAttribute("problem", (problem == null) ? null : new EventSearch.Problem(problem, null, -1));
		model.addAttribute("field", values);
		return view(htmx, "field-values");
	}

	private FieldListPage page(EventSearch search) {
		List<Entry> core = new ArrayList<>();
		for (FieldList.Core field : FieldList.CORE) {
			core.add(entry(search, field.field(), field.label(), field.column(), null, true));
		}
		FieldList.Paths sampled = this.fields.paths(search);
		Map<String, List<Entry>> groups = new LinkedHashMap<>();
		for (FieldList.Path path : sampled.paths()) {
			int dot = path.path().indexOf('.');
			String head = (dot < 0) ? "" : path.path().substring(0, dot);
			String rest = (dot < 0) ? path.path() : path.path().substring(dot + 1);
			String note = path.records() + " of " + sampled.sampled() + " sampled records";
			groups.computeIfAbsent(head, h -> new ArrayList<>())
				.add(entry(search, path.path(), rest, path.path(), note, path.nameable()));
		}
		List<PathGroup> paths = groups.entrySet()
			.stream()
			.map(group -> new PathGroup(group.getKey(), group.getValue()))
			.toList();
		return new FieldListPage(core, paths, sampled.sampled(), sampled.elapsedMs());
	}

	private static Entry entry(EventSearch search, String field, String label, String column, String note,
			boolean nameable) {
		if (!nameable) {
			return new Entry(field, label, note, null, null, null, false);
		}
		boolean shown = search.columnIds().contains(column);
		return new Entry(field, label, note, Urls.of("/events/field", withName(search, field)),
				shown ? null : search.withColumn(column).url("/events"), search.statsUrl(field), shown);
	}

	private FieldValues values(EventSearch search, String name) {
		GroupBy by = GroupBy.of(name, null, "count", String.valueOf(TOP), TOP);
		Aggregate.Groups groups = this.aggregations.groups(search, by);
		boolean recordPath = by.by().get(0).path() != null;
		List<Value> values = groups.rows()
			.stream()
			.map(group -> new Value(ValueLinks.of(search, name, group.values().get(0), recordPath), group.count()))
			.toList();
		String column = FieldList.CORE.stream()
			.filter(core -> core.field().equals(name))
			.map(FieldList.Core::column)
			.findFirst()
			.orElse(name);
		boolean shown = search.columnIds().contains(column);
		return new FieldValues(name, values, groups.other(), groups.total(), groups.basis(),
				shown ? null : search.withColumn(column).url("/events"), search.statsUrl(name));
	}

	private static MultiValueMap<String, String> withName(EventSearch search, String name) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>(search.after(null).parameters());
		parameters.add("field", name);
		return parameters;
	}

	private static String view(HtmxRequest htmx, String part) {
		return (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) ? "events/search :: " + part
				: "events/aggregate";
	}

	/**
	 * The field list.
	 *
	 * @param sampled how many records the paths were read from
	 */
	record FieldListPage(List<Entry> core, List<PathGroup> paths, long sampled, long elapsedMs) {
	}

	/**
	 * The paths under one top-level key of the record, each labelled by the rest of its
	 * path.
	 *
	 * @param head the top-level key, empty for keys that are values themselves
	 */
	record PathGroup(String head, List<Entry> entries) {
	}

	/**
	 * A field of the list.
	 *
	 * @param note how many sampled records carry it, for a path
	 * @param count that number alone
	 * @param valuesUrl its top values, null if it cannot be named in a query
	 * @param columnUrl the search with it as a column, null if it is one already
	 * @param groupUrl the group-by view of it
	 */
	record Entry(String field, String label, String note, String valuesUrl, String columnUrl, String groupUrl,
			boolean shown) {

		public String count() {
			return (this.note == null) ? null : this.note.substring(0, this.note.indexOf(' '));
		}

	}

	/** A field's top values and what else it has. */
	record FieldValues(String name, List<Value> values, long other, long total, Aggregate.Basis basis, String columnUrl,
			String groupUrl) {
	}

	record Value(ValueLinks links, long count) {
	}

}
