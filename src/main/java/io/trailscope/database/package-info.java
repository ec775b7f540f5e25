/**
 * The database the application runs on: the configured PostgreSQL, or, when no
 * {@code spring.datasource.url} is set, an embedded PostgreSQL whose data lives under
 * {@code ./data/} so a newcomer needs nothing but a JDK.
 */
package io.trailscope.database;
