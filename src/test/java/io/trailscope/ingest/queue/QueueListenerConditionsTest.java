package io.trailscope.ingest.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import io.trailscope.ingest.IngestProperties;
import io.trailscope.ingest.TrustedSources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

/** The listener runs only with a queue, and never in the command-line tasks. */
class QueueListenerConditionsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(NotificationHandler.class, () -> mock(NotificationHandler.class))
		.withUserConfiguration(QueueListener.class, QueueHealthIndicator.class)
		.withBean(SqsAsyncClient.class, () -> mock(SqsAsyncClient.class))
		.withBean(IngestProperties.class, () -> new IngestProperties("q", 2, true, null))
		.withBean(TrustedSources.class, () -> new TrustedSources(null, null));

	@Test
	void listensWhenAQueueIsConfigured() {
		this.runner.withPropertyValues("trailscope.ingest.queue=trailscope")
			.run(context -> assertThat(context).hasSingleBean(QueueListener.class)
				.hasSingleBean(QueueHealthIndicator.class));
	}

	@Test
	void staysOffWithoutAQueue() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(QueueListener.class)
			.doesNotHaveBean(QueueHealthIndicator.class));
	}

	@Test
	void staysOffInTheCommandLineTasksEvenWithAQueue() throws IOException {
		List<PropertySource<?>> command = new YamlPropertySourceLoader().load("command",
				new ClassPathResource("application-command.yml"));
		assertThat(command.get(0).getProperty("trailscope.ingest.listen")).isEqualTo(false);

		this.runner.withPropertyValues("trailscope.ingest.queue=trailscope", "trailscope.ingest.listen=false")
			.run(context -> assertThat(context).doesNotHaveBean(QueueListener.class));
	}

	@Test
	void checksItsSettings() {
		assertThat(new IngestProperties(" q ", 1, true, null).queue()).isEqualTo("q");
		assertThat(new IngestProperties("", 1, true, null).listening()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new IngestProperties("q", 0, true, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IngestProperties.Visibility(Duration.ofSeconds(30), Duration.ofSeconds(60), null));
		assertThatIllegalArgumentException().isThrownBy(() -> new IngestProperties.Visibility(Duration.ofSeconds(30),
				Duration.ofSeconds(5), Duration.ofSeconds(-1)));
	}

}
