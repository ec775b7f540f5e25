package io.trailscope.web;

import java.security.Principal;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The name the navigation shows: a local user's name, or the readable name of someone
 * signed in by the identity provider, whose real name ({@code oidc:<issuer>#<subject>})
 * is meant for machines.
 */
@ControllerAdvice
class SignedInAs {

	@ModelAttribute("signedInAs")
	String signedInAs(Principal principal) {
		if (principal instanceof Authentication authentication
				&& authentication.getPrincipal() instanceof OidcIdentity identity) {
			return identity.displayName() + " (single sign-on)";
		}
		return (principal != null) ? principal.getName() : null;
	}

}
