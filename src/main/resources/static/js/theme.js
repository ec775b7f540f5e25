// theme.js: the reader's choice of light or dark, remembered per browser. Loaded before the page is
// drawn (not deferred), so a dark page never flashes light; without a choice the system's preference rules.
(function () {
	var KEY = 'trailscope-theme';
	var root = document.documentElement;

	function stored() {
		try {
			return localStorage.getItem(KEY);
		}
		catch (e) {
			return null;
		}
	}

	function effective() {
		var chosen = root.getAttribute('data-theme');
		if (chosen === 'dark' || chosen === 'light') {
			return chosen;
		}
		return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
	}

	function label(button) {
		var next = effective() === 'dark' ? 'light' : 'dark';
		button.setAttribute('aria-label', 'Switch to the ' + next + ' theme');
		button.title = 'Switch to the ' + next + ' theme';
		button.setAttribute('aria-pressed', String(effective() === 'dark'));
	}

	var saved = stored();
	if (saved === 'dark' || saved === 'light') {
		root.setAttribute('data-theme', saved);
	}

	document.addEventListener('DOMContentLoaded', function () {
		var button = document.getElementById('theme-toggle');
		if (!button) {
			return;
		}
		button.hidden = false;
		label(button);
		button.addEventListener('click', function () {
			var next = effective() === 'dark' ? 'light' : 'dark';
			root.setAttribute('data-theme', next);
			try {
				localStorage.setItem(KEY, next);
			}
			catch (e) {
				// private windows may refuse storage: the choice then lasts for this page only
			}
			label(button);
		});
	});
})();
