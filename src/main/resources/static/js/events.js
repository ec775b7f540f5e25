/* events.js: the search and event pages. Times are rendered in UTC; hovering shows the reader's
 * local time and offset. Copy buttons put a record value on the clipboard. */
(function () {
	function localTimes(root) {
		root.querySelectorAll('.events time.utc[datetime]').forEach(function (el) {
			if (el.title) {
				return;
			}
			var date = new Date(el.getAttribute('datetime'));
			if (isNaN(date.getTime())) {
				return;
			}
			var minutes = -date.getTimezoneOffset();
			var sign = minutes >= 0 ? '+' : '-';
			var abs = Math.abs(minutes);
			var offset = 'UTC' + sign + String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
			el.title = date.toLocaleString() + ' (' + offset + ')';
		});
	}

	function copy(button) {
		var value = button.getAttribute('data-copy');
		if (value === null || !navigator.clipboard) {
			return;
		}
		navigator.clipboard.writeText(value).then(function () {
			button.classList.add('copied');
			button.textContent = 'copied';
			setTimeout(function () {
				button.classList.remove('copied');
				button.textContent = 'copy';
			}, 1500);
		});
	}

	// Picking a relative range replaces the absolute one (from/to would win over it otherwise);
	// capturing runs before htmx sends the form.
	document.addEventListener('change', function (event) {
		var select = event.target;
		if (!select.matches || !select.matches('.search-form .range-select') || select.value === '') {
			return;
		}
		select.form.querySelectorAll('.bound-input').forEach(function (input) {
			input.value = '';
		});
	}, true);

	document.addEventListener('DOMContentLoaded', function () {
		localTimes(document);
	});
	document.addEventListener('htmx:afterSettle', function (event) {
		localTimes(event.target);
	});
	document.addEventListener('click', function (event) {
		var button = event.target.closest ? event.target.closest('button.copy[data-copy]') : null;
		if (button) {
			copy(button);
		}
	});
})();
