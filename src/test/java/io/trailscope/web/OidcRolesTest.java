package io.trailscope.web;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;

class OidcRolesTest {

	private final OidcRoles roles = new OidcRoles(
			new SecuritySettings.Oidc(null, List.of("trailscope-admins"), null));

	@Test
	void makesEveryoneAViewer() {
		OidcUser user = this.roles.withRoles(user(Map.of("preferred_username", "alice", "groups", List.of("staff"))));
		assertThat(roles(user)).contains("ROLE_VIEWER").doesNotContain("ROLE_ADMIN");
		assertThat(user.getName()).isEqualTo("alice");
	}

	@Test
	void makesAdminGroupMembersAdmins() {
		assertThat(roles(this.roles.withRoles(user(Map.of("groups", List.of("staff", "trailscope-admins"))))))
			.contains("ROLE_VIEWER", "ROLE_ADMIN");
		assertThat(roles(this.roles.withRoles(user(Map.of("groups", "staff trailscope-admins")))))
			.contains("ROLE_ADMIN");
	}

	@Test
	void readsTheConfiguredGroupsClaim() {
		OidcRoles custom = new OidcRoles(new SecuritySettings.Oidc("roles", List.of("auditors"), "email"));
		OidcUser user = custom.withRoles(user(Map.of("roles", List.of("auditors"), "email", "bob@example.com")));
		assertThat(roles(user)).contains("ROLE_ADMIN");
		assertThat(user.getName()).isEqualTo("bob@example.com");
	}

	@Test
	void fallsBackToTheSubjectForTheName() {
		assertThat(this.roles.withRoles(user(Map.of())).getName()).isEqualTo("subject-1");
	}

	private static OidcUser user(Map<String, Object> claims) {
		Map<String, Object> all = new HashMap<>(claims);
		all.put("sub", "subject-1");
		OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), all);
		return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), token);
	}

	private static List<String> roles(OidcUser user) {
		return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}
}
