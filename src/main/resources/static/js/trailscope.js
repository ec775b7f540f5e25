// trailscope.js: behaviour shared by every page. No inline scripts anywhere (the CSP forbids them).

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
