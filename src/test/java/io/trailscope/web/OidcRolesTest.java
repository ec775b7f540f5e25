package io.trailscope.web;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** People the identity provider vouches for, and what Trailscope lets them do. */
class OidcRolesTest {

	private final OidcRoles roles = new OidcRoles(
			new SecuritySettings.Oidc(null, List.of("trailscope-admins"), List.of("auditors"), null));

	@Test
	void letsNobodyInUntilGroupsAreConfigured() {
		OidcRoles unconfigured = new OidcRoles(new SecuritySettings.Oidc(null, null, null, null));
		assertThatExceptionOfType(OidcRoles.Refused.class)
			.isThrownBy(() -> unconfigured.withRoles(user(Map.of("groups", List.of("trailscope-admins")))))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OidcRoles.NOT_CONFIGURED))
			.satisfies((ex) -> assertThat(ex.name()).isEqualTo("oidc:https://sso.example.com#subject-1"));
	}

	@Test
	void refusesSomeoneInNoConfiguredGroup() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.roles.withRoles(user(Map.of("groups", List.of("staff")))))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OidcRoles.NO_ROLE));
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.roles.withRoles(user(Map.of())));
	}

	@Test
	void makesViewerGroupMembersViewers() {
		OidcUser user = this.roles.withRoles(user(Map.of("groups", List.of("staff", "auditors"))));
		assertThat(roles(user)).contains("ROLE_VIEWER").doesNotContain("ROLE_ADMIN");
	}

	@Test
	void makesAdminGroupMembersAdmins() {
		assertThat(roles(this.roles.withRoles(user(Map.of("groups", List.of("staff", "trailscope-admins"))))))
			.contains("ROLE_VIEWER", "ROLE_ADMIN");
		assertThat(roles(this.roles.withRoles(user(Map.of("groups", "staff trailscope-admins")))))
			.contains("ROLE_ADMIN");
	}

	@Test
	void readsTheConfiguredClaim() {
		OidcRoles custom = new OidcRoles(new SecuritySettings.Oidc("roles", List.of("auditors"), null, "email"));
		OidcUser user = custom.withRoles(user(Map.of("roles", List.of("auditors"), "email", "bob@example.com")));
		assertThat(roles(user)).contains("ROLE_ADMIN");
		assertThat(((OidcIdentity) user).displayName()).isEqualTo("bob@example.com");
	}

	@Test
	void letsEveryoneTheProviderSignsInBeAViewerOnlyWhenToldTo() {
		OidcRoles everyone = new OidcRoles(new SecuritySettings.Oidc(null, null, List.of("*"), null));
		assertThat(roles(everyone.withRoles(user(Map.of())))).contains("ROLE_VIEWER").doesNotContain("ROLE_ADMIN");
	}

	@Test
	void namesPeopleByIssuerAndSubjectNotByANameTheyCanChange() {
		OidcUser user = this.roles
			.withRoles(user(Map.of("preferred_username", "admin", "groups", List.of("auditors"))));
		assertThat(user.getName()).isEqualTo("oidc:https://sso.example.com#subject-1").isNotEqualTo("admin");
		assertThat(((OidcIdentity) user).displayName()).isEqualTo("admin");
	}

	@Test
	void refusesLocalUserNamesThatCouldPassForSingleSignOnOnes() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SecuritySettings.User("oidc:https://sso.example.com#subject-1",
					AdminPasswordTest.BCRYPT, null))
			.withMessageContaining("':'");
	}

	static OidcUser user(Map<String, Object> claims) {
		Map<String, Object> all = new HashMap<>(claims);
		all.put("sub", "subject-1");
		all.put("iss", "https://sso.example.com");
		OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), all);
		return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), token);
	}

	private static List<String> roles(OidcUser user) {
		return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
