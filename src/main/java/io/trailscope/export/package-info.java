/**
 * CSV and JSON Lines exports of an events search: the same parameters as {@code /events},
 * every matching row streamed. Uses only the public types of {@code io.trailscope.events}
 * ({@link io.trailscope.events.Events}, {@link io.trailscope.events.EventSearch},
 * {@link io.trailscope.events.EventRow}); nothing depends on this module.
 */
package io.trailscope.export;
