package io.trailscope.overview;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.trailscope.events.EventOverview;
import io.trailscope.ingest.console.IngestHealth;

/**
 * What the overview template reads. A part that was not asked for is null: the page then
 * loads it with a request of its own ({@link Links}).
 *
 * @param period the period summarised
 * @param periods the periods offered, each a link
 * @param problem why the parameters cannot be read, or null
 * @param empty whether nothing is loaded at all
 * @param admin whether the reader may see ingest
 * @param links the parts' own URLs
 * @param activity the span of all events and the period's events over time, or null
 * @param volumes the busiest values of the core fields in the period, or null
 * @param notable what stands out in the period, or null
 * @param ingest ingest in one line (admins only), or null
 */
record OverviewPage(Period period, List<PeriodLink> periods, String problem, boolean empty, boolean admin, Links links,
		Activity activity, Volumes volumes, List<Notable> notable, IngestHealth.Summary ingest) {

	/** One period offered. */
	record PeriodLink(String range, String label, String url, boolean current) {
	}

	/** The URL of each part, for its own request or, without scripts, as a link. */
	record Links(String activity, String volumes, String notable, String ingest) {
	}

	/**
	 * The span of all events, and the period's events over time.
	 *
	 * @param span all the events there are
	 * @param chart the period's
	 */
	record Activity(EventOverview.Span span, EventOverview.Chart chart) {

		private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.withZone(ZoneOffset.UTC);

		/** A time as the page shows it, to the minute (UTC). */
		public String minute(Instant instant) {
			return instant == null ? "" : MINUTE.format(instant);
		}

	}

	/**
	 * The busiest values in the period.
	 *
	 * @param rankings accounts, regions, principals and services
	 * @param errors the error codes of the failed calls
	 */
	record Volumes(List<EventOverview.Ranking> rankings, EventOverview.Ranking errors) {
	}

	/**
	 * One thing that stands out: the canned search and how many of the period's events it
	 * finds.
	 *
	 * @param id the canned investigation's id
	 * @param title what a person reads
	 * @param count the events it finds in the period, with the search's URL
	 * @param investigation the investigation on the investigations page
	 * @param top who it concerns most (for refused calls: the principals refused most),
	 * or null
	 */
	record Notable(String id, String title, EventOverview.Count count, String investigation,
			EventOverview.Ranking top) {
	}

}
