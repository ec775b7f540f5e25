package io.trailscope.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may sign in. Passwords are bcrypt hashes (plain or {@code {bcrypt}}-prefixed),
 * never clear text; roles are {@code VIEWER} (search, detail, export, sessions) and
 * {@code ADMIN} (also ingest). The built-in user {@code admin} takes
 * {@code adminPassword} (environment {@code TRAILSCOPE_SECURITY_ADMIN_PASSWORD}) or a
 * generated one kept in {@code adminPasswordFile}. {@code behindTlsProxy} says that every
 * browser reaches the console through a proxy that ends TLS (see {@link BehindTlsProxy}).
 */
@ConfigurationProperties("trailscope.security")
record SecuritySettings(List<User> users, String adminPassword, Path adminPasswordFile, Oidc oidc, SignIn signIn,
		boolean behindTlsProxy) {

	static final String ADMIN_USER = "admin";

	SecuritySettings {
		users = (users != null) ? List.copyOf(users) : List.of();
		adminPassword = (adminPassword == null || adminPassword.isBlank()) ? null : adminPassword;
		adminPasswordFile = (adminPasswordFile != null) ? adminPasswordFile : Path.of("data", "admin-password");
		oidc = (oidc != null) ? oidc : new Oidc(null, null, null, null);
		signIn = (signIn != null) ? signIn : new SignIn(null, null, null, null, null);
	}

	boolean configuresAdmin() {
		return this.users.stream().anyMatch((user) -> ADMIN_USER.equals(user.name()));
	}

	/**
	 * A user from the properties; checked at start-up so a typo fails loudly rather than
	 * locks out.
	 */
	record User(String name, String password, List<String> roles) {

		private static final Pattern BCRYPT = Pattern.compile("(\\{bcrypt})?\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

		private static final Set<String> ROLES = Set.of("VIEWER", "ADMIN");

		User {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("trailscope.security.users[].name is required");
			}
			if (name.indexOf(':') >= 0) {
				// HTTP Basic cannot carry it, and it keeps local names apart from single
				// sign-on's oidc:...
				throw new IllegalArgumentException(
						"trailscope.security.users[] '" + name + "': a name cannot contain ':'");
			}
			if (password == null || !BCRYPT.matcher(password).matches()) {
				throw new IllegalArgumentException("trailscope.security.users[] '" + name
						+ "': password must be a bcrypt hash ($2a$10$...), not the password itself");
			}
			roles = (roles == null || roles.isEmpty()) ? List.of("VIEWER") : List.copyOf(roles);
			for (String role : roles) {
				if (!ROLES.contains(role)) {
					throw new IllegalArgumentException(
							"trailscope.security.users[] '" + name + "': unknown role " + role + " (VIEWER or ADMIN)");
				}
			}
		}

		String hash() {
			return this.password.startsWith("{bcrypt}") ? this.password.substring("{bcrypt}".length()) : this.password;
		}
	}

	/**
	 * Password sign-in: how many failures within {@code window} make the console refuse a
	 * user name from one address ({@code maxFailures}) or an address over all names
	 * ({@code maxFailuresPerAddress}) for {@code lockout}, and whether scripts may sign
	 * in with HTTP Basic at all.
	 */
	record SignIn(Integer maxFailures, Integer maxFailuresPerAddress, Duration window, Duration lockout,
			Boolean httpBasic) {

		SignIn {
			maxFailures = (maxFailures != null) ? maxFailures : 10;
			maxFailuresPerAddress = (maxFailuresPerAddress != null) ? maxFailuresPerAddress : 50;
			window = (window != null) ? window : Duration.ofMinutes(15);
			lockout = (lockout != null) ? lockout : Duration.ofMinutes(15);
			httpBasic = (httpBasic != null) ? httpBasic : Boolean.TRUE;
			if (maxFailures < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()
					|| lockout.isNegative() || lockout.isZero()) {
				throw new IllegalArgumentException(
						"trailscope.security.sign-in: the failure counts must be at least 1 and the durations positive");
			}
		}
	}

	/**
	 * OpenID Connect sign-in, active only when a
	 * {@code spring.security.oauth2.client.registration} is configured. Those with one of
	 * {@code adminGroups} in the {@code groupsClaim} are ADMIN, those with one of
	 * {@code viewerGroups} VIEWER ({@code "*"} there lets everyone the provider signs in
	 * be a VIEWER), all others are refused; with neither list set, nobody is let in.
	 * {@code userNameClaim} is the name shown on the page; the name that owns saved
	 * searches and stands in the audit log is always the issuer and subject.
	 */
	record Oidc(String groupsClaim, List<String> adminGroups, List<String> viewerGroups, String userNameClaim) {

		static final String EVERYONE = "*";

		Oidc {
			groupsClaim = (groupsClaim != null) ? groupsClaim : "groups";
			adminGroups = (adminGroups != null) ? List.copyOf(adminGroups) : List.of();
			viewerGroups = (viewerGroups != null) ? List.copyOf(viewerGroups) : List.of();
			userNameClaim = (userNameClaim != null) ? userNameClaim : "preferred_username";
		}

		boolean isConfigured() {
			return !this.adminGroups.isEmpty() || !this.viewerGroups.isEmpty();
		}
	}
}
