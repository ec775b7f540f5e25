package io.trailscope.ingest.record;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which names are a secret's: compared ignoring case, {@code -}, {@code _} and {@code .},
 * a member name or a name in text holds a secret if it is one of the known names or ends
 * like one ({@code dbPassword}, {@code sharedSecret}, {@code encryptedKeyMaterial}...).
 */
final class SecretNames {

	/** Names of secrets, folded by {@link #fold}. */
	static final Set<String> NAMES = Set.of("sessiontoken", "securitytoken", "xamzsecuritytoken", "secretaccesskey",
			"secretkey", "privatekey", "keymaterial", "password", "newpassword", "oldpassword", "masteruserpassword",
			"temporarypassword", "passworddata", "passphrase", "secretstring", "secretbinary", "clientsecret",
			"samlassertion", "samlresponse", "webidentitytoken", "idtoken", "accesstoken", "refreshtoken",
			"bearertoken", "authorizationtoken", "authorization", "proxyauthorization", "xamzsignature", "signature",
			"cookie", "setcookie", "apikey", "xapikey", "plaintext");

	/**
	 * Endings of names of secrets: {@code dbPassword}, {@code sharedSecret},
	 * {@code encryptedKeyMaterial}...
	 */
	static final List<String> ENDINGS = List.of("password", "secret", "passphrase", "privatekey", "secretkey",
			"secretaccesskey", "keymaterial", "sessiontoken");

	/**
	 * Names whose value in text runs to the end of the line: a header's value has spaces
	 * and commas.
	 */
	static final Set<String> HEADERS = Set.of("authorization", "proxyauthorization", "cookie", "setcookie");

	/**
	 * Member names seen, and whether each is a secret's: asked of every member of every
	 * record.
	 */
	private static final Map<String, Boolean> KNOWN_NAMES = new ConcurrentHashMap<>();

	private static final int KNOWN_NAMES_KEPT = 4096;

	private SecretNames() {
	}

	/** Whether a member of this name holds a secret. */
	static boolean isSecret(String name) {
		Boolean known = KNOWN_NAMES.get(name);
		if (known != null) {
			return known;
		}
		boolean secret = isSecretFolded(fold(name));
		// records repeat the same few hundred names; bounded, so that a file of made-up
		// names cannot grow it
		if (KNOWN_NAMES.size() < KNOWN_NAMES_KEPT) {
			KNOWN_NAMES.put(name, secret);
		}
		return secret;
	}

	/** Whether a name already {@link #fold folded} is a secret's. */
	static boolean isSecretFolded(String folded) {
		if (NAMES.contains(folded)) {
			return true;
		}
		for (String ending : ENDINGS) {
			if (folded.endsWith(ending)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a folded name is a header's, whose value in text runs to the line's end.
	 */
	static boolean isHeaderFolded(String folded) {
		return HEADERS.contains(folded);
	}

	/**
	 * A name as names of secrets are compared: lower case, without {@code -}, {@code _}
	 * and {@code .}.
	 */
	static String fold(String name) {
		if (isFolded(name)) {
			return name;
		}
		StringBuilder b = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '-' && c != '_' && c != '.') {
				b.append(c);
			}
		}
		return b.toString().toLowerCase(Locale.ROOT);
	}

	private static boolean isFolded(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
				return false;
			}
		}
		return true;
	}

}
