package io.trailscope.events;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The core fields that the rollups ({@code event_counts}) count by, each an events column
 * of the same name in the rollup table. A query that names only these fields, and an
 * aggregation by them, are answered from the rollups exactly.
 *
 * <p>
 * Which groupings ("cuboids") are kept is a trade between the table's size and what it
 * serves: every single dimension, every pair of the dimensions other than the principal,
 * and all of those together, per hour and per day. The principal has as many values as
 * there are callers: paired with another field per hour it makes a rollup about as large
 * as the events table (measured on the benchmark's data, see ADR 11), so its pairs are
 * kept per day only ({@link #DAY_CUBOIDS}). They answer windows of whole days (all time,
 * ranges of dates); a window that starts or ends within a day, combining the principal
 * with another field, is sampled.
 */
enum Dimension {

	ACCOUNT("recipient_account_id", "recipientAccountId"), REGION("aws_region", "awsRegion"),
	SOURCE("event_source", "eventSource"), NAME("event_name", "eventName"),
	IDENTITY("identity_type", "userIdentity.type"), ERROR("error_code", "errorCode"),
	READ_ONLY("read_only", "readOnly"), PRINCIPAL("principal", "principal");

	/** Every dimension but the principal, grouped together: the widest cuboid. */
	static final int WIDE = mask(EnumSet.complementOf(EnumSet.of(PRINCIPAL)));

	/**
	 * The cuboids kept, as bitmasks: none (totals), each dimension, each pair without the
	 * principal, {@link #WIDE}.
	 */
	static final List<Integer> CUBOIDS = cuboids();

	/** The principal paired with each other dimension: kept per day only. */
	static final List<Integer> DAY_CUBOIDS = dayCuboids();

	private final String column;

	private final String field;

	Dimension(String column, String field) {
		this.column = column;
		this.field = field;
	}

	/** The events column, which is also the rollup's. */
	String column() {
		return this.column;
	}

	/** The query-language field name. */
	String field() {
		return this.field;
	}

	int bit() {
		return 1 << ordinal();
	}

	/** The dimension counted in this column, if any. */
	static Optional<Dimension> ofColumn(String column) {
		for (Dimension dimension : values()) {
			if (dimension.column.equals(column)) {
				return Optional.of(dimension);
			}
		}
		return Optional.empty();
	}

	static int mask(Set<Dimension> dimensions) {
		int mask = 0;
		for (Dimension dimension : dimensions) {
			mask |= dimension.bit();
		}
		return mask;
	}

	static List<Dimension> of(int mask) {
		List<Dimension> dimensions = new ArrayList<>();
		for (Dimension dimension : values()) {
			if ((mask & dimension.bit()) != 0) {
				dimensions.add(dimension);
			}
		}
		return dimensions;
	}

	/**
	 * The smallest kept cuboid that groups by every dimension of {@code needed}, if one
	 * does.
	 */
	static Optional<Integer> cuboidFor(int needed) {
		if (CUBOIDS.contains(needed)) {
			return Optional.of(needed);
		}
		return ((needed & ~WIDE) == 0) ? Optional.of(WIDE) : Optional.empty();
	}

	/**
	 * The day-only cuboid that groups by every dimension of {@code needed}, if one does:
	 * the principal's pair with the other dimension it names.
	 */
	static Optional<Integer> dayCuboidFor(int needed) {
		if ((needed & PRINCIPAL.bit()) == 0) {
			return Optional.empty();
		}
		for (int cuboid : DAY_CUBOIDS) {
			if ((needed & ~cuboid) == 0) {
				return Optional.of(cuboid);
			}
		}
		return Optional.empty();
	}

	private static List<Integer> dayCuboids() {
		List<Integer> cuboids = new ArrayList<>();
		for (Dimension dimension : values()) {
			if (dimension != PRINCIPAL) {
				cuboids.add(PRINCIPAL.bit() | dimension.bit());
			}
		}
		return List.copyOf(cuboids);
	}

	private static List<Integer> cuboids() {
		List<Integer> cuboids = new ArrayList<>();
		cuboids.add(0);
		Dimension[] all = values();
		for (Dimension dimension : all) {
			cuboids.add(dimension.bit());
		}
		for (int i = 0; i < all.length; i++) {
			for (int j = i + 1; j < all.length; j++) {
				if (all[i] != PRINCIPAL && all[j] != PRINCIPAL) {
					cuboids.add(all[i].bit() | all[j].bit());
				}
			}
		}
		cuboids.add(WIDE);
		return List.copyOf(cuboids);
	}

}
