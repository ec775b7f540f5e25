/* events.js: the search and event pages. Copy buttons put a record value on the clipboard. */
(function () {
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

	document.addEventListener('click', function (event) {
		var button = event.target.closest ? event.target.closest('button.copy[data-copy]') : null;
		if (button) {
			copy(button);
		}
	});
})();
