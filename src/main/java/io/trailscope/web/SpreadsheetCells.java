package io.trailscope.web;

/**
 * Cells of CSV exports that a spreadsheet cannot run. Exports carry values chosen by
 * whoever made the calls (user agents, request parameters, error messages); a cell
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return
 * would be evaluated as a formula, so it gets a leading {@code '} (OWASP's advice for CSV
 * injection).
 */
public final class SpreadsheetCells {

	private SpreadsheetCells() {
	}

	/** The value safe to open in a spreadsheet; null becomes the empty cell. */
	public static String safe(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		char first = value.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
				? "'" + value : value;
	}

}
