/**
 * Canned investigations (one-click searches that link to {@code /events?q=...}) and the
 * searches people save for themselves. Knows the events page only by its URL and query
 * language.
 *
 * <p>
 * Other modules use {@link io.trailscope.investigations.CannedSearches} (the canned
 * searches for what stands out, as {@link io.trailscope.investigations.CannedSearch}es);
 * everything else is package-private.
 */
package io.trailscope.investigations;
