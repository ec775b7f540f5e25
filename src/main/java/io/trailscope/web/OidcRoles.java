package io.trailscope.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Gives people signed in by the identity provider Trailscope's roles, from the groups (or
 * roles) the provider lists in the configured claim: members of {@code adminGroups} are
 * ADMIN, members of {@code viewerGroups} are VIEWER, and everyone else is refused. With
 * neither list configured nobody is let in, since the provider may authenticate far more
 * people than should read the audit trail. Each is named by issuer and subject
 * ({@link OidcIdentity}).
 */
class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

	/** Refused: the console lets nobody in by single sign-on yet. */
	static final String NOT_CONFIGURED = "sso_not_configured";

	/** Refused: none of the user's groups has a role. */
	static final String NO_ROLE = "no_role";

	private final OidcUserService delegate = new OidcUserService();

	private final SecuritySettings.Oidc settings;

	OidcRoles(SecuritySettings.Oidc settings) {
		this.settings = settings;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		return withRoles(this.delegate.loadUser(request));
	}

	OidcUser withRoles(OidcUser user) {
		if (!this.settings.isConfigured()) {
			throw new Refused(NOT_CONFIGURED,
					"Single sign-on lets nobody in until trailscope.security.oidc.viewer-groups "
							+ "or admin-groups is set",
					user);
		}
		List<String> groups = groups(user.getClaims().get(this.settings.groupsClaim())).toList();
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(user.getAuthorities());
		if (groups.stream().anyMatch(this.settings.adminGroups()::contains)) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
			authorities.add(new SimpleGrantedAuthority("ROLE_VIEWER"));
		}
		else if (this.settings.viewerGroups().contains(SecuritySettings.Oidc.EVERYONE)
				|| groups.stream().anyMatch(this.settings.viewerGroups()::contains)) {
			authorities.add(new SimpleGrantedAuthority("ROLE_VIEWER"));
		}
		else {
			throw new Refused(NO_ROLE, "None of the user's groups has a role in Trailscope", user);
		}
		return new OidcIdentity(authorities, user.getIdToken(), user.getUserInfo(), displayName(user));
	}

	/**
	 * The configured claim, else the e-mail address, else the subject: for showing only.
	 */
	private String displayName(OidcUser user) {
		Object claim = user.getClaims().get(this.settings.userNameClaim());
		if (claim instanceof String name && !name.isBlank()) {
			return name;
		}
		return (user.getEmail() != null) ? user.getEmail() : user.getSubject();
	}

	/**
	 * Someone the provider signed in and Trailscope refused, named for the audit log as
	 * they would have been.
	 */
	static final class Refused extends OAuth2AuthenticationException {

		private static final long serialVersionUID = 1L;

		private final String name;

		Refused(String code, String description, OidcUser user) {
			super(new OAuth2Error(code, description, null));
			this.name = OidcIdentity.PREFIX + user.getIssuer() + "#" + user.getSubject();
		}

		String name() {
			return this.name;
		}

	}

	/**
	 * Providers send groups as a JSON array or, less often, as one space- or
	 * comma-separated string.
	 */
	private static Stream<String> groups(Object claim) {
		if (claim instanceof Collection<?> values) {
			return values.stream().map(String::valueOf);
		}
		if (claim instanceof String value) {
			return Stream.of(value.split("[\\s,]+")).filter((group) -> !group.isEmpty());
		}
		return Stream.empty();
	}

}
