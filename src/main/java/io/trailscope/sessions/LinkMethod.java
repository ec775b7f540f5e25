package io.trailscope.sessions;

/**
 * How a call, or a chained session, was tied to a session, so that the analyst knows how
 * far to trust the link.
 */
public enum LinkMethod {

	/**
	 * The issued access key, the session ARN and the session creation date all match
	 * exactly.
	 */
	EXACT("exact key + ARN + creation date"),

	/** The key and ARN match, and the creation date lies within the clock-skew window. */
	CLOCK_SKEW("key + ARN, creation date within clock skew"),

	/**
	 * A console session: the ARN matches and the creation date lies within the clock-skew
	 * window.
	 */
	CONSOLE("ARN + creation date (console session)"),

	/**
	 * Only a time window ties them: a console role switch to the sign-in session it came
	 * from.
	 */
	TIME_WINDOW("time-window match");

	private final String description;

	LinkMethod(String description) {
		this.description = description;
	}

	public String description() {
		return this.description;
	}

}
