package io.trailscope.sessions;

/** How often a session called one action, and how often that failed. */
record ActionCount(String eventSource, String eventName, long calls, long errors) {

	public String service() {
		return this.eventSource == null ? "" : this.eventSource.replace(".amazonaws.com", "");
	}
}
