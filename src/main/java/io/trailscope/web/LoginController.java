package io.trailscope.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page: the user-name form, and a button per identity provider when SSO is
 * configured.
 */
@Controller
class LoginController {

	private final List<Provider> providers;

	private final long lockoutMinutes;

	private final boolean ssoLetsNobodyIn;

	LoginController(ObjectProvider<ClientRegistrationRepository> clients, SecuritySettings settings) {
		List<Provider> registered = providers(clients.getIfAvailable());
		this.ssoLetsNobodyIn = !registered.isEmpty() && !settings.oidc().isConfigured();
		// a button that can only end in a refusal helps nobody; the page says what is
		// missing instead
		this.providers = this.ssoLetsNobodyIn ? List.of() : registered;
		this.lockoutMinutes = Math.max(1, settings.signIn().lockout().toMinutes());
	}

	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("providers", this.providers);
		model.addAttribute("ssoLetsNobodyIn", this.ssoLetsNobodyIn);
		model.addAttribute("lockoutMinutes", this.lockoutMinutes);
		return "login";
	}

	private static List<Provider> providers(ClientRegistrationRepository clients) {
		List<Provider> providers = new ArrayList<>();
		if (clients instanceof Iterable<?> registrations) {
			for (Object registration : registrations) {
				if (registration instanceof ClientRegistration client) {
					providers.add(new Provider(client.getRegistrationId(), client.getClientName()));
				}
			}
		}
		return providers;
	}

	record Provider(String id, String name) {
	}

}
