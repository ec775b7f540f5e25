package io.trailscope.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed sign-ins, counted per user name and client address and per address alone. Once a
 * name has failed {@code maxFailures} times from one address within the window, or an
 * address has failed {@code maxFailuresPerAddress} times over any names, further attempts
 * are refused for the lockout without a password check, so neither guessing nor forcing a
 * bcrypt check per request pays off. Names are compared ignoring case (the user store
 * does); IPv6 addresses count by their /64, which one client usually holds whole. The
 * counts live in this process only and are bounded in number, so spraying names or
 * addresses cannot fill the memory.
 */
final class SignInThrottle {

	private static final int MAX_NAME = 256;

	private final SecuritySettings.SignIn limits;

	private final Clock clock;

	private final Cache<String, Failures> pairs;

	private final Cache<String, Failures> addresses;

	SignInThrottle(SecuritySettings.SignIn limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
		Duration keep = limits.window().plus(limits.lockout());
		this.pairs = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(100_000).build();
		this.addresses = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(20_000).build();
	}

	/**
	 * How long attempts for this name from this address are still refused; empty when
	 * they are not.
	 */
	Optional<Duration> refusal(String name, String address) {
		Instant now = this.clock.instant();
		return Stream.of(this.pairs.getIfPresent(pair(name, address)), this.addresses.getIfPresent(client(address)))
			.filter((failures) -> failures != null)
			.map((failures) -> failures.refusedFor(now))
			.filter((wait) -> !wait.isNegative() && !wait.isZero())
			.max(Duration::compareTo);
	}

	void failed(String name, String address) {
		Instant now = this.clock.instant();
		this.pairs.get(pair(name, address), (key) -> new Failures())
			.add(now, this.limits.window(), this.limits.maxFailures(), this.limits.lockout());
		this.addresses.get(client(address), (key) -> new Failures())
			.add(now, this.limits.window(), this.limits.maxFailuresPerAddress(), this.limits.lockout());
	}

	/**
	 * A right password forgives the name's earlier failures from that address (not the
	 * address's).
	 */
	void succeeded(String name, String address) {
		this.pairs.invalidate(pair(name, address));
	}

	private static String pair(String name, String address) {
		String user = (name != null) ? name.toLowerCase(Locale.ROOT) : "";
		return client(address) + " " + ((user.length() > MAX_NAME) ? user.substring(0, MAX_NAME) : user);
	}

	/** The client an address stands for: itself, or its /64 for IPv6. */
	static String client(String address) {
		if (address == null || address.indexOf(':') < 0) {
			return String.valueOf(address);
		}
		try {
			// a literal, never looked up
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length == 16) {
				Arrays.fill(bytes, 8, 16, (byte) 0);
				return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
			}
			return address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/** The recent failures of one key, and until when it is refused. */
	private static final class Failures {

		private final ArrayDeque<Instant> times = new ArrayDeque<>();

		private Instant refusedUntil;

		synchronized void add(Instant now, Duration window, int max, Duration lockout) {
			Instant start = now.minus(window);
			while (!this.times.isEmpty() && !this.times.peekFirst().isAfter(start)) {
				this.times.removeFirst();
			}
			this.times.addLast(now);
			if (this.times.size() >= max) {
				this.refusedUntil = now.plus(lockout);
				this.times.clear();
			}
		}

		synchronized Duration refusedFor(Instant now) {
			return (this.refusedUntil != null) ? Duration.between(now, this.refusedUntil) : Duration.ZERO;
		}

	}

}
