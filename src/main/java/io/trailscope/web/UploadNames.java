package io.trailscope.web;

import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.WebUtils;

/**
 * Keeps the names of the files an upload carries for its audit line. They are read from
 * the body Spring MVC has already parsed for the handler; {@link AuditLog} itself never
 * reads a multipart body, which could make it spool one that nobody was allowed to send.
 */
@Configuration(proxyBeanMethods = false)
class UploadNames implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				// the parsed body, under whatever wrappers the security chain put around
				// the request
				MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request,
						MultipartHttpServletRequest.class);
				if (multipart != null) {
					List<String> names = multipart.getMultiFileMap()
						.values()
						.stream()
						.flatMap(List::stream)
						.map(MultipartFile::getOriginalFilename)
						.filter(Objects::nonNull)
						.toList();
					request.setAttribute(AuditLog.UPLOADS, names);
				}
				return true;
			}
		});
	}

}
