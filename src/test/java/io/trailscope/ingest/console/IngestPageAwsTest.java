package io.trailscope.ingest.console;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import io.trailscope.ingest.AwsIntegrationTest;
import io.trailscope.ingest.AwsServers;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.s3.Backfill;
import io.trailscope.ingest.s3.S3ObjectLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Ingest page against the in-process S3 and SQS servers: backfills and S3 retries for
 * real.
 */
@WithMockUser(username = "admin", roles = "ADMIN")
class IngestPageAwsTest extends AwsIntegrationTest {

	static final String BUCKET = "page-trail";

	@Autowired
	WebApplicationContext context;

	@Autowired
	Backfill backfill;

	@Autowired
	LoadJobs jobs;

	@Autowired
	MockMvc mvc;

	@Test
	void saysTheQueueListenerIsOn() throws Exception {
		this.mvc.perform(get("/ingest"))
			.andExpect(content().string(containsString("on, consuming <span class=\"mono\">" + AwsServers.QUEUE)));
	}

	@Test
	void startsABackfillAndShowsItsProgress() throws Exception {
		String id = unique();
		String prefix = "bf-" + id + "/AWSLogs/" + ACCOUNT + "/CloudTrail/";
		this.aws.put(BUCKET, "bf-" + id + "/" + logKey("us-east-1", "2025/02/01", id + "a"),
				trailFile(id + "a", 2, "2025-02-01T00:00:01Z"));
		this.aws.put(BUCKET, "bf-" + id + "/" + logKey("us-east-1", "2025/02/02", id + "b"),
				trailFile(id + "b", 3, "2025-02-02T00:00:01Z"));
		this.aws.put(BUCKET, "bf-" + id + "/" + logKey("us-east-1", "2025/03/01", id + "c"),
				trailFile(id + "c", 1, "2025-03-01T00:00:01Z"));

		String redirect = this.mvc
			.perform(post("/ingest/backfills").param("s3Url", "s3://" + BUCKET + "/" + prefix)
				.param("from", "2025-02-01")
				.param("to", "2025-02-28")
				.with(csrf()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(redirect).startsWith("/ingest?backfill=");
		long run = Long.parseLong(redirect.substring("/ingest?backfill=".length()));

		await().atMost(PATIENCE).until(() -> this.backfill.find(run).map(r -> !r.running()).orElse(false));
		assertThat(events(id + "a") + events(id + "b")).isEqualTo(5);
		assertThat(events(id + "c")).isZero();
		this.mvc.perform(get(redirect))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"backfill-" + run + "\"")))
			.andExpect(content().string(containsString("s3://" + BUCKET + "/" + prefix)))
			.andExpect(content().string(containsString("2025-02-01 – 2025-02-28")))
			.andExpect(content().string(containsString(">DONE<")));
	}

	@Test
	void retriesAnS3ObjectThatWasFixedInTheBucket() throws Exception {
		String id = unique();
		String key = logKey("us-east-1", "2025/02/03", id);
		this.aws.put(BUCKET, key, "{\"Records\": [ truncated".getBytes(StandardCharsets.UTF_8));
		assertThat(this.context.getBean(S3ObjectLoader.class).load(BUCKET, key).status())
			.isEqualTo(IngestResult.Status.FAILED);
		long failed = this.jdbc.sql("select id from ingest_objects where bucket = ? and object_key = ?")
			.params(BUCKET, key)
			.query(Long.class)
			.single();
		String retry = "action=\"/ingest/objects/" + failed + "/retry\"";
		this.mvc.perform(get("/ingest")).andExpect(content().string(containsString(retry)));

		this.aws.put(BUCKET, key, trailFile(id, 2, "2025-02-03T00:00:01Z"));
		this.mvc.perform(post("/ingest/objects/{id}/retry", failed)).andExpect(status().isForbidden());
		String redirect = this.mvc.perform(post("/ingest/objects/{id}/retry", failed).with(csrf()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		long job = Long.parseLong(redirect.substring("/ingest?job=".length()));
		await().atMost(PATIENCE).until(() -> this.jobs.find(job).map(p -> !p.running()).orElse(false));

		assertThat(this.jobs.find(job).orElseThrow().loaded()).isEqualTo(2);
		assertThat(events(id)).isEqualTo(2);
		assertThat(ledgerStatus(BUCKET, key)).isEqualTo("FAILED,LOADED");
		this.mvc.perform(get(redirect))
			.andExpect(content().string(not(containsString(retry))))
			.andExpect(content().string(containsString("retry of s3://" + BUCKET + "/" + key)))
			.andExpect(content().string(containsString("1 of 1 files")));
	}

}
