/**
 * The deterministic CloudTrail generator and the sample trail.
 *
 * <p>
 * {@link io.trailscope.sample.TrailGenerator} writes a realistic trail of a small
 * organisation (several accounts and regions, coherent role sessions, console and
 * Identity Center sign-ins, service activity, errors) as CloudTrail delivers it, in
 * gzipped log files; the same settings give byte-identical files. It is the data of the
 * benchmarks and of the sample trail, which the application loads through the ingest
 * module when it runs on its embedded database with an empty event store, so that a first
 * start has something to investigate, including one intrusion.
 */
package io.trailscope.sample;
