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

// Compare: the button says how many events are ticked and waits for two to five.
(function () {
	var MIN = 2;
	var MAX = 5;

	function update() {
		var form = document.getElementById('compare-form');
		if (!form) {
			return;
		}
		var button = form.querySelector('button');
		var ticked = document.querySelectorAll('input[type=checkbox][form=compare-form]:checked').length;
		button.disabled = ticked < MIN || ticked > MAX;
		button.textContent = ticked === 0 ? 'Compare selected' : 'Compare ' + ticked + (ticked > MAX ? ' (at most ' + MAX + ')' : '');
	}

	document.addEventListener('change', function (event) {
		if (event.target.matches && event.target.matches('input[type=checkbox][form=compare-form]')) {
			update();
		}
	});
	document.addEventListener('DOMContentLoaded', update);
	document.addEventListener('htmx:afterSettle', update);
})();
