/**
 * The console's frame: layout, error pages, formatting and security. Depends on no
 * feature module.
 */
package io.trailscope.web;
