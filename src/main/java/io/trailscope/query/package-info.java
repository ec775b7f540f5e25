/**
 * The query language of searches: {@link io.trailscope.query.QueryParser} reads the text
 * of the query box into a {@link io.trailscope.query.Query},
 * {@link io.trailscope.query.Fields} names the fields it knows, and
 * {@link io.trailscope.query.QueryCompiler} turns a query into an
 * {@link io.trailscope.query.SqlCondition} on the events table under alias {@code e}. It
 * holds no state and reads no table: the events and sessions modules run the conditions
 * it compiles. {@link io.trailscope.query.SearchTerms} is the one rule by which values
 * become free-text terms, used by the loader to store them and by the compiler to find
 * them.
 */
package io.trailscope.query;
