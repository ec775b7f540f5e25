package io.trailscope.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Gives people signed in by the identity provider Trailscope's roles: everyone is a VIEWER, members
 * of a configured admin group are also ADMIN. The user's name (the owner of saved searches, the
 * name in the audit log) is the configured claim, {@code preferred_username} by default, falling
 * back to the subject.
 */
class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

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
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(user.getAuthorities());
		authorities.add(new SimpleGrantedAuthority("ROLE_VIEWER"));
		if (groups(user.getClaims().get(this.settings.groupsClaim())).anyMatch(this.settings.adminGroups()::contains)) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		}
		String nameClaim = (user.getClaims().get(this.settings.userNameClaim()) != null) ? this.settings.userNameClaim()
				: IdTokenClaimNames.SUB;
		return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameClaim);
	}

	/** Providers send groups as a JSON array or, less often, as one space- or comma-separated string. */
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
