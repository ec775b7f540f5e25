/* sessions.js: session pages. Times are rendered in UTC; hovering shows the reader's local time. */
(function () {
	function localTimes(root) {
		root.querySelectorAll('.sessions time.utc[datetime]').forEach(function (el) {
			if (el.title) {
				return;
			}
			var date = new Date(el.getAttribute('datetime'));
			if (!isNaN(date.getTime())) {
				el.title = date.toLocaleString();
			}
		});
	}
	document.addEventListener('DOMContentLoaded', function () {
		localTimes(document);
	});
	document.addEventListener('htmx:afterSettle', function (event) {
		localTimes(event.target);
	});
})();
