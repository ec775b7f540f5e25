package io.trailscope.events;

import java.util.List;
import java.util.Optional;

import io.trailscope.query.Field;
import io.trailscope.query.Fields;
import io.trailscope.query.Query;

/**
 * Which searches the rollups answer: the {@link Dimension dimensions} a query names, and
 * the kept cuboid that counts them over a window.
 */
final class RollupCoverage {

	private RollupCoverage() {
	}

	/**
	 * The dimensions a query names, if it names nothing else: matches and presence tests
	 * of text and boolean fields whose column the rollups count. Free text, record paths,
	 * addresses and the fields that span several columns are not counted.
	 */
	static Optional<Integer> referencedDimensions(Query query) {
		if (query instanceof Query.All) {
			return Optional.of(0);
		}
		if (query instanceof Query.And and) {
			return union(and.terms());
		}
		if (query instanceof Query.Or or) {
			return union(or.terms());
		}
		if (query instanceof Query.Not not) {
			return referencedDimensions(not.term());
		}
		String field = (query instanceof Query.Match match) ? match.field()
				: (query instanceof Query.Exists exists) ? exists.field() : null;
		if (field == null) {
			return Optional.empty();
		}
		return Fields.resolve(field)
			.filter(f -> f.kind() == Field.Kind.TEXT || f.kind() == Field.Kind.BOOLEAN)
			.flatMap(f -> Dimension.ofColumn(f.column()))
			.map(Dimension::bit);
	}

	/**
	 * The cuboid that counts {@code needed} over these segments: one kept per hour and
	 * day, else, for a window of whole days, one kept per day only.
	 */
	static Optional<Integer> cuboid(int needed, TimeSegments segments) {
		Optional<Integer> hourly = Dimension.cuboidFor(needed);
		return (hourly.isPresent() || !segments.wholeDays()) ? hourly : Dimension.dayCuboidFor(needed);
	}

	private static Optional<Integer> union(List<Query> terms) {
		int mask = 0;
		for (Query term : terms) {
			Optional<Integer> dims = referencedDimensions(term);
			if (dims.isEmpty()) {
				return Optional.empty();
			}
			mask |= dims.get();
		}
		return Optional.of(mask);
	}

}
