/**
 * Objects from this machine: files, directories and zip archives as incident responders
 * receive them, and the command-line tasks ({@code import}, {@code backfill}).
 */
package io.trailscope.ingest.local;
