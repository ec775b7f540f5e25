package io.trailscope.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paged list and the URL of the next ("load more"), null on the last
 * page.
 *
 * @param <T> the rows
 */
public record Slice<T>(List<T> rows, String nextUrl) {

	public Slice {
		rows = List.copyOf(rows);
	}

	/**
	 * The page of {@code size} rows out of {@code fetched}, which holds up to one row
	 * more: that row is only read to know whether there is a next page, whose URL starts
	 * after the last shown.
	 */
	public static <T> Slice<T> of(List<T> fetched, int size, Function<T, String> nextUrlAfter) {
		if (fetched.size() <= size) {
			return new Slice<>(fetched, null);
		}
		List<T> rows = fetched.subList(0, size);
		return new Slice<>(rows, nextUrlAfter.apply(rows.get(size - 1)));
	}
}
