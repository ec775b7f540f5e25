package io.trailscope.investigations;

/**
 * A canned investigation as another page links to it: its query in the events query
 * language, for any time window the page chooses, and its place on the investigations
 * page.
 *
 * @param id the investigation's id
 * @param title what a person reads
 * @param query the events query (without the investigation's own time range)
 * @param page the investigation on the investigations page
 */
public record CannedSearch(String id, String title, String query, String page) {

}
