package io.trailscope.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every page shares: the clock pages measure relative times from, and {@code Vary:
 * HX-Request} on every page, since each handler renders the whole page or its htmx
 * fragment at the same URL and a cache must not answer one with the other. (The htmx
 * library adds the header only to the htmx requests, not to the full pages.)
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	static final String HX_REQUEST = "HX-Request";

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				if (handler instanceof HandlerMethod && "GET".equals(request.getMethod())
						&& !response.getHeaders(HttpHeaders.VARY).contains(HX_REQUEST)) {
					response.addHeader(HttpHeaders.VARY, HX_REQUEST);
				}
				return true;
			}
		});
	}

}
