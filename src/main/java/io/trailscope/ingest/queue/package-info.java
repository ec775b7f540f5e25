/**
 * Objects named on the SQS queue: the listener, the notification shapes it reads (S3
 * events, SNS-wrapped ones, CloudTrail's own notices, EventBridge), the check that Amazon
 * SNS signed an envelope, and the queue's health. Each object is loaded through
 * {@code ingest.s3}; a message is acknowledged once all of its objects are.
 */
package io.trailscope.ingest.queue;
