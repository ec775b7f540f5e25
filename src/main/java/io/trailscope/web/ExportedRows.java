package io.trailscope.web;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;

/**
 * How many rows a download has written, for the audit log's line about it, which is
 * written when the response ends. An export takes one when it starts (in the request's
 * thread), counts each row as it writes it and says when it wrote the last; the stream
 * itself runs in another thread.
 */
public final class ExportedRows {

	static final String ATTRIBUTE = ExportedRows.class.getName();

	private final AtomicLong rows = new AtomicLong();

	private volatile boolean complete;

	private ExportedRows() {
	}

	/** A new count for this request's download. */
	public static ExportedRows of(HttpServletRequest request) {
		ExportedRows rows = new ExportedRows();
		request.setAttribute(ATTRIBUTE, rows);
		return rows;
	}

	/** One more row written to the response. */
	public void add() {
		this.rows.incrementAndGet();
	}

	/**
	 * The last row is written; without this the download broke off (the reader left, the
	 * database failed).
	 */
	public void complete() {
		this.complete = true;
	}

	long count() {
		return this.rows.get();
	}

	boolean isComplete() {
		return this.complete;
	}

}
