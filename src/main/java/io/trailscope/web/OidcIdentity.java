package io.trailscope.web;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * Someone signed in by an identity provider. Their name, which owns their saved searches
 * and stands in the audit log, is {@code oidc:<issuer>#<subject>}: the one pair the
 * provider promises never to give anyone else, unlike {@code preferred_username} or the
 * e-mail address, which users or administrators can change. Local user names cannot
 * contain {@code :}, so no local user can take such a name either. {@link #displayName()}
 * is only for showing.
 */
final class OidcIdentity extends DefaultOidcUser {

	private static final long serialVersionUID = 1L;

	static final String PREFIX = "oidc:";

	private final String name;

	private final String displayName;

	OidcIdentity(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
			String displayName) {
		super(authorities, idToken, userInfo);
		this.name = PREFIX + idToken.getIssuer() + "#" + idToken.getSubject();
		this.displayName = displayName;
	}

	@Override
	public String getName() {
		return this.name;
	}

	String displayName() {
		return this.displayName;
	}

}
