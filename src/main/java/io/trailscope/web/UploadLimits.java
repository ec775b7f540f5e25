package io.trailscope.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Large multipart bodies for the upload endpoint only. The servlet container parses a
 * multipart body, spooling its files to disk, up to the limits of the servlet that a path
 * maps to, and it does so as soon as anything asks for a parameter (the CSRF check does,
 * before any authorisation). So the application's dispatcher keeps the container's small
 * defaults, and a second dispatcher over the same application context, mapped to
 * {@code /ingest/uploads} alone, has {@link UploadSettings}' limits. In front of both,
 * {@link Gate} refuses a multipart body from anyone but an admin before it is read, so
 * nobody signed out (or merely a viewer) can make the server spool even the small limit's
 * worth.
 */
@Configuration(proxyBeanMethods = false)
class UploadLimits {

	static final String UPLOAD_PATH = "/ingest/uploads";

	@Bean
	ServletRegistrationBean<DispatcherServlet> uploadDispatcher(WebApplicationContext context,
			UploadSettings settings) {
		ServletRegistrationBean<DispatcherServlet> registration = new ServletRegistrationBean<>(
				new DispatcherServlet(context), UPLOAD_PATH);
		registration.setName("uploadDispatcher");
		MultipartConfigFactory multipart = new MultipartConfigFactory();
		multipart.setMaxFileSize(settings.maxFileSize());
		multipart.setMaxRequestSize(settings.maxRequestSize());
		MultipartConfigElement config = multipart.createMultipartConfig();
		registration.setMultipartConfig(config);
		return registration;
	}

	static boolean isMultipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	/** Refuses a multipart request, wherever it is sent, unless an admin sends it. */
	static final class Gate extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (isMultipart(request) && !isAdmin(SecurityContextHolder.getContext().getAuthentication())) {
				AuditLog.denied(request, "multipart");
				// answered here, not by the error page: its dispatch would parse the body
				// after all
				response.setStatus(HttpServletResponse.SC_FORBIDDEN);
				response.setHeader(HttpHeaders.CONNECTION, "close");
				response.setContentType(MediaType.TEXT_PLAIN_VALUE);
				response.getWriter().write("Only admins may send files.\n");
				return;
			}
			chain.doFilter(request, response);
		}

		private static boolean isAdmin(Authentication authentication) {
			return authentication != null && authentication.isAuthenticated()
					&& authentication.getAuthorities()
						.stream()
						.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()));
		}

	}

}
