package io.trailscope.sessions;

import java.time.Instant;

/** The credentials a call was signed with, as CloudTrail records them. */
record Usage(String arn, String accessKeyId, Instant sessionCreated, Instant eventTime) {
}
