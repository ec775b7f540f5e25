/**
 * Secrets the application makes for itself on first start (the {@code admin} password,
 * the embedded PostgreSQL's password) and keeps in files only their owner may read.
 * Depends on nothing; any module may use it.
 */
package io.trailscope.secrets;
