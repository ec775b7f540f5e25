package io.trailscope.web;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in (form and HTTP Basic) behind the {@link SignInThrottle}: a throttled
 * name and address are refused before the password is looked at; a wrong password counts
 * against them. It is the only provider for user names and passwords, so nothing checks a
 * password around it.
 */
final class ThrottledSignIn implements AuthenticationProvider {

	private final AuthenticationProvider passwords;

	private final SignInThrottle throttle;

	ThrottledSignIn(AuthenticationProvider passwords, SignInThrottle throttle) {
		this.passwords = passwords;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication attempt) {
		String name = attempt.getName();
		String address = (attempt.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress()
				: null;
		this.throttle.refusal(name, address).ifPresent((wait) -> {
			throw new SignInThrottledException(wait);
		});
		try {
			Authentication signedIn = this.passwords.authenticate(attempt);
			this.throttle.succeeded(name, address);
			return signedIn;
		}
		catch (BadCredentialsException ex) {
			this.throttle.failed(name, address);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
