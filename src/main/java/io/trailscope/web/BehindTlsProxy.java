package io.trailscope.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code trailscope.security.behind-tls-proxy=true}: the console is reached only through
 * a proxy that ends TLS. One switch for what that takes, set as defaults that explicit
 * settings still override: the container honours the proxy's {@code X-Forwarded-*}
 * headers (Tomcat's RemoteIpValve, {@code server.forward-headers-strategy=native}, which
 * believes them only from the private and loopback addresses of
 * {@code server.tomcat.remoteip.internal-proxies}), so the client's address in the audit
 * log and the sign-in throttle is the real one and redirects keep {@code https}; and the
 * session cookie is {@code Secure}. The security chain adds HSTS. Off by default, since
 * without such a proxy anyone could claim any address in those headers.
 */
class BehindTlsProxy implements EnvironmentPostProcessor, Ordered {

	static final String SETTING = "trailscope.security.behind-tls-proxy";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty(SETTING, Boolean.class, false)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("behind-tls-proxy", Map.of("server.forward-headers-strategy", "native",
						"server.servlet.session.cookie.secure", "true")));
		}
	}

	/** After the configuration files are read, so the switch may stand in them. */
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
