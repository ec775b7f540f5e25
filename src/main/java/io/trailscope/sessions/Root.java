package io.trailscope.sessions;

/**
 * The principal at the top of a chain of sessions: an IAM user, the root user, a SAML
 * subject, a web identity, an Identity Center user, the user a console role switch came
 * from, or an AWS service; or the last known role session when the chain's top issuer is
 * not loaded.
 */
record Root(String kind, String principal) {
}
