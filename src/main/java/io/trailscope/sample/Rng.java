package io.trailscope.sample;

import java.util.List;

/**
 * SplitMix64: a small generator whose sequence is fixed by its definition, so a seed
 * gives the same trail on every JVM and JDK version (unlike {@link java.util.Random}
 * subclasses, whose algorithms may change).
 */
final class Rng {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final char[] UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

	private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private long state;

	Rng(long seed) {
		this.state = seed;
	}

	long nextLong() {
		long z = (this.state += 0x9E3779B97F4A7C15L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** A uniform value in [0, bound). */
	int nextInt(int bound) {
		return (int) ((nextLong() >>> 33) % bound);
	}

	/** A uniform value in [from, to]. */
	int between(int from, int to) {
		return from + nextInt(to - from + 1);
	}

	double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	boolean chance(double probability) {
		return nextDouble() < probability;
	}

	/**
	 * An exponentially distributed value of the given mean; StrictMath, so every JVM
	 * agrees to the bit.
	 */
	double exponential(double mean) {
		return -mean * StrictMath.log(1.0 - nextDouble());
	}

	<T> T pick(List<T> values) {
		return values.get(nextInt(values.size()));
	}

	@SafeVarargs
	final <T> T pick(T... values) {
		return values[nextInt(values.length)];
	}

	/** Picks an index by weight. */
	int weighted(double[] weights) {
		double total = 0;
		for (double w : weights) {
			total += w;
		}
		double r = nextDouble() * total;
		for (int i = 0; i < weights.length; i++) {
			r -= weights[i];
			if (r < 0) {
				return i;
			}
		}
		return weights.length - 1;
	}

	String hex(int length) {
		return chars(HEX, length);
	}

	/** Upper-case letters and digits 2–7, the alphabet of AWS key and principal ids. */
	String upperAlnum(int length) {
		return chars(UPPER_ALNUM, length);
	}

	String alnum(int length) {
		return chars(ALNUM, length);
	}

	private String chars(char[] alphabet, int length) {
		char[] out = new char[length];
		for (int i = 0; i < length; i++) {
			out[i] = alphabet[nextInt(alphabet.length)];
		}
		return new String(out);
	}

	/** A version 4 UUID in the canonical form. */
	String uuid() {
		long hi = nextLong();
		long lo = nextLong();
		hi = (hi & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
		lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		char[] out = new char[36];
		int p = 0;
		for (int i = 0; i < 32; i++) {
			if (i == 8 || i == 12 || i == 16 || i == 20) {
				out[p++] = '-';
			}
			long word = i < 16 ? hi : lo;
			int shift = 60 - 4 * (i % 16);
			out[p++] = HEX[(int) ((word >>> shift) & 0xF)];
		}
		return new String(out);
	}

}
