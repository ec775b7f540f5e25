/**
 * Canned investigations (one-click searches that link to {@code /events?q=...}) and the
 * searches people save for themselves. Knows the events page only by its URL and query
 * language.
 */
package io.trailscope.investigations;
