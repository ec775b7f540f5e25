// trailscope.js: behaviour shared by every page. No inline scripts anywhere (the CSP forbids them).

// Parts that only make sense with scripts (a "loading" line) are shown, their plain links hidden.
document.documentElement.classList.add('js');

// htmx requests that change state carry the CSRF token as a header; plain forms carry it as a
// hidden field that Thymeleaf adds to every th:action form.
document.addEventListener('htmx:configRequest', (event) => {
	if (event.detail.verb === 'get') {
		return;
	}
	const token = document.querySelector('meta[name="csrf-token"]');
	const header = document.querySelector('meta[name="csrf-header"]');
	if (token && header) {
		event.detail.headers[header.content] = token.content;
	}
});

// htmx leaves the page as it was when a request fails; say so instead of failing silently.
document.addEventListener('htmx:responseError', (event) => {
	const status = event.detail.xhr.status;
	const message = (status === 403)
		? 'The server refused that. Your session may have expired: reload the page and try again.'
		: 'The server could not complete the request (status ' + status + ').';
	const main = document.querySelector('main');
	if (!main) {
		return;
	}
	let notice = document.getElementById('request-error');
	if (!notice) {
		notice = document.createElement('p');
		notice.id = 'request-error';
		notice.className = 'notice error';
		notice.setAttribute('role', 'alert');
		main.prepend(notice);
	}
	notice.textContent = message;
});

// A part of a page that marks itself data-swap-errors answers a bad request (a malformed query) or a
// search that ran out of time with its own content saying what is wrong: show it, as the page
// without JavaScript would, and leave the rest of the page as it is.
document.addEventListener('htmx:beforeSwap', (event) => {
	const target = event.detail.target;
	const status = event.detail.xhr.status;
	if ((status === 400 || status === 503) && target && target.closest && target.closest('[data-swap-errors]')) {
		event.detail.shouldSwap = true;
		event.detail.isError = false;
	}
});

// A part that loads itself (the facets, the histogram) and is replaced before its answer comes, by
// the results of the next query, drops its request instead of leaving it running.
document.addEventListener('htmx:beforeCleanupElement', (event) => {
	const element = event.target;
	if (element.matches && element.matches('[hx-trigger="load"]') && window.htmx) {
		window.htmx.trigger(element, 'htmx:abort');
	}
});

// Times are rendered in UTC; hovering one shows the reader's local time and offset.
function localTimes(root) {
	root.querySelectorAll('time.utc[datetime]').forEach((el) => {
		if (el.title) {
			return;
		}
		const date = new Date(el.getAttribute('datetime'));
		if (isNaN(date.getTime())) {
			return;
		}
		const minutes = -date.getTimezoneOffset();
		const sign = minutes >= 0 ? '+' : '-';
		const abs = Math.abs(minutes);
		const offset = 'UTC' + sign + String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
		el.title = date.toLocaleString() + ' (' + offset + ')';
	});
}
document.addEventListener('DOMContentLoaded', () => localTimes(document));
document.addEventListener('htmx:afterSettle', (event) => localTimes(event.target));

// "/" focuses the query box, as in Kibana and GitHub; on a page without one it opens the search page
// with its box focused. Typing "/" into a field keeps its meaning there.
document.addEventListener('keydown', (event) => {
	if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
		return;
	}
	const target = event.target;
	if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
		return;
	}
	event.preventDefault();
	const box = document.querySelector('.query-box');
	if (box) {
		box.focus();
		box.select();
	}
	else {
		const search = document.querySelector('a[data-search-page]');
		window.location.href = (search ? search.getAttribute('href') : '/events') + '#q';
	}
});
document.addEventListener('DOMContentLoaded', () => {
	if (window.location.hash === '#q') {
		const box = document.querySelector('.query-box');
		if (box) {
			box.focus();
		}
	}
});
