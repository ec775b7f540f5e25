package io.trailscope.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

/**
 * Sign-in and request safety. Two filter chains: scripted reads ({@code GET}/{@code HEAD}
 * carrying HTTP Basic credentials, e.g. {@code curl -u} on an export) are authenticated
 * statelessly; every other request goes through the session chain with form (and optional
 * OpenID Connect) login and CSRF protection, so Basic credentials can never drive a state
 * change.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = String.join("; ", "default-src 'self'", "script-src 'self'",
			"style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "object-src 'none'",
			"frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'");

	private static final String REALM = "Trailscope";

	/** One audit filter inside both chains: every request passes exactly one of them. */
	private final AuditLog audit = new AuditLog();

	@Bean
	@Order(1)
	SecurityFilterChain scriptedReads(HttpSecurity http, SecuritySettings settings) throws Exception {
		// with HTTP Basic off, such a request falls to the browser chain, which ignores
		// the credentials
		boolean basicOn = settings.signIn().httpBasic();
		http.securityMatcher((request) -> basicOn && isBasicRead(request))
			.httpBasic((basic) -> basic.realmName(REALM)
				.authenticationEntryPoint(SignInAudit.unauthenticated(basicChallenge())))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		return common(http, settings).build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain browser(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> clients,
			OidcRoles oidcRoles, SecuritySettings settings) throws Exception {
		// no "?continue" on the page people land on after signing in: the URL is the
		// state
		HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
		requestCache.setMatchingRequestParameterName(null);
		SavedRequestAwareAuthenticationSuccessHandler landing = new SavedRequestAwareAuthenticationSuccessHandler();
		landing.setRequestCache(requestCache);
		http.formLogin((form) -> form.loginPage("/login")
			.successHandler(SignInAudit.signedIn("form", landing))
			.failureHandler(SignInAudit.failed("form", formFailure()))
			.permitAll())
			.requestCache((cache) -> cache.requestCache(requestCache))
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout").addLogoutHandler(SignInAudit.signedOut()))
			.exceptionHandling((exceptions) -> {
				exceptions.defaultAuthenticationEntryPointFor(
						SignInAudit.unauthenticated(SecurityConfiguration::redirectHtmx),
						new RequestHeaderRequestMatcher("HX-Request", "true"));
				exceptions.defaultAuthenticationEntryPointFor(
						SignInAudit.unauthenticated(new LoginUrlAuthenticationEntryPoint("/login")), browserRequests());
				exceptions.defaultAuthenticationEntryPointFor(SignInAudit.unauthenticated(settings.signIn().httpBasic()
						? basicChallenge() : new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)), (request) -> true);
			});
		if (clients.getIfAvailable() != null) {
			http.oauth2Login((oauth) -> oauth.loginPage("/login")
				.successHandler(SignInAudit.signedIn("oidc", landing))
				.failureHandler(SignInAudit.failed("oidc", ssoFailure()))
				.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(oidcRoles)));
		}
		return common(http, settings).build();
	}

	private HttpSecurity common(HttpSecurity http, SecuritySettings settings) throws Exception {
		if (settings.behindTlsProxy()) {
			// every browser came over TLS, even when the proxy does not say so in
			// X-Forwarded-Proto
			http.headers((headers) -> headers
				.httpStrictTransportSecurity((hsts) -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)));
		}
		return http.addFilterAfter(this.audit, SecurityContextHolderFilter.class)
			.addFilterBefore(new UploadLimits.Gate(), CsrfFilter.class)
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(SignInAudit.forbidden()))
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers(PathRequest.toStaticResources().atCommonLocations())
						.permitAll()
						.requestMatchers("/webjars/**", "/error", "/login", "/favicon.ico")
						.permitAll()
						.requestMatchers(EndpointRequest.to("health"))
						.permitAll()
						.requestMatchers(EndpointRequest.toAnyEndpoint())
						.hasRole("ADMIN")
						.requestMatchers("/ingest", "/ingest/**")
						.hasRole("ADMIN")
						.anyRequest()
						.hasRole("VIEWER"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.frameOptions((frames) -> frames.deny())
				.addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
						"camera=(), microphone=(), geolocation=(), payment=(), usb=()"))
				.addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin")));
	}

	private static boolean isBasicRead(HttpServletRequest request) {
		String method = request.getMethod();
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return (HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)) && authorization != null
				&& authorization.regionMatches(true, 0, "Basic ", 0, 6);
	}

	/**
	 * Requests that prefer HTML are people at a browser: send them to the sign-in page.
	 */
	private static RequestMatcher browserRequests() {
		ContentNegotiationStrategy negotiation = new HeaderContentNegotiationStrategy();
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(negotiation, MediaType.TEXT_HTML,
				MediaType.APPLICATION_XHTML_XML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return html;
	}

	/**
	 * The Basic challenge, or 429 with {@code Retry-After} for a name and address that
	 * failed too often.
	 */
	private static AuthenticationEntryPoint basicChallenge() {
		BasicAuthenticationEntryPoint challenge = new BasicAuthenticationEntryPoint();
		challenge.setRealmName(REALM);
		challenge.afterPropertiesSet();
		return (request, response, ex) -> {
			if (ex instanceof SignInThrottledException throttled) {
				response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
				response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), throttled.getMessage());
			}
			else {
				challenge.commence(request, response, ex);
			}
		};
	}

	/**
	 * Back to the sign-in page, which says when it was Trailscope, not the provider, that
	 * refused.
	 */
	private static AuthenticationFailureHandler ssoFailure() {
		AuthenticationFailureHandler denied = new SimpleUrlAuthenticationFailureHandler("/login?sso-denied");
		AuthenticationFailureHandler failed = new SimpleUrlAuthenticationFailureHandler("/login?error");
		return (request, response, ex) -> {
			boolean refusedHere = ex instanceof OAuth2AuthenticationException oauth
					&& Set.of(OidcRoles.NO_ROLE, OidcRoles.NOT_CONFIGURED).contains(oauth.getError().getErrorCode());
			(refusedHere ? denied : failed).onAuthenticationFailure(request, response, ex);
		};
	}

	/** Back to the form, which says why: a wrong password, or too many of them. */
	private static AuthenticationFailureHandler formFailure() {
		ExceptionMappingAuthenticationFailureHandler failure = new ExceptionMappingAuthenticationFailureHandler();
		failure.setDefaultFailureUrl("/login?error");
		failure.setExceptionMappings(Map.of(SignInThrottledException.class.getName(), "/login?throttled"));
		return failure;
	}

	/**
	 * An htmx request whose session ended: a redirect would be swapped into the page, so
	 * ask htmx to navigate.
	 */
	private static void redirectHtmx(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("HX-Redirect", request.getContextPath() + "/login");
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix().role("ADMIN").implies("VIEWER").build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	/**
	 * The users' passwords, checked behind the sign-in throttle; the only provider for
	 * passwords.
	 */
	@Bean
	AuthenticationProvider passwordSignIn(SecuritySettings settings, PasswordEncoder encoder) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users(settings, encoder));
		passwords.setPasswordEncoder(encoder);
		return new ThrottledSignIn(passwords, new SignInThrottle(settings.signIn(), Clock.systemUTC()));
	}

	private static UserDetailsService users(SecuritySettings settings, PasswordEncoder encoder) {
		List<UserDetails> users = new ArrayList<>();
		for (SecuritySettings.User user : settings.users()) {
			users.add(User.withUsername(user.name())
				.password(user.hash())
				.roles(user.roles().toArray(String[]::new))
				.build());
		}
		if (!settings.configuresAdmin()) {
			users.add(User.withUsername(SecuritySettings.ADMIN_USER)
				.password(encoder.encode(AdminPassword.resolve(settings)))
				.roles("ADMIN")
				.build());
		}
		return new InMemoryUserDetailsManager(users);
	}

	@Bean
	OidcRoles oidcRoles(SecuritySettings settings) {
		return new OidcRoles(settings.oidc());
	}

}
