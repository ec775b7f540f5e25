/**
 * The console's frame: layout, home page, error pages, formatting and security. Depends
 * on no feature module.
 */
package io.trailscope.web;
