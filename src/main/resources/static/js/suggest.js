// suggest.js: suggestions for every query box (input.query-box), following the WAI-ARIA combobox
// pattern: the input is the combobox, the list a listbox of options. Arrows move, Enter or Tab
// accepts, Escape closes. Requests are made after a short pause, the previous one aborted, so
// typing never waits for them; the box works as before without them.
(function () {
	var DELAY_MS = 60;
	var counter = 0;

	function formValue(form, name) {
		if (!form || !form.elements[name]) {
			return null;
		}
		var element = form.elements[name];
		return (element.value === undefined) ? null : element.value;
	}

	function attach(input) {
		if (input.dataset.suggest === 'on') {
			return;
		}
		input.dataset.suggest = 'on';
		var id = 'suggest-' + (++counter);
		var list = document.createElement('ul');
		list.id = id;
		list.className = 'suggestions';
		list.setAttribute('role', 'listbox');
		list.setAttribute('aria-label', 'Suggestions');
		list.hidden = true;
		var status = document.createElement('span');
		status.className = 'visually-hidden';
		status.setAttribute('role', 'status');
		status.setAttribute('aria-live', 'polite');
		input.insertAdjacentElement('afterend', list);
		list.insertAdjacentElement('afterend', status);
		input.setAttribute('role', 'combobox');
		input.setAttribute('aria-autocomplete', 'list');
		input.setAttribute('aria-expanded', 'false');
		input.setAttribute('aria-controls', id);

		var state = { items: [], start: 0, end: 0, active: -1, timer: null, request: null, swallowKeyUp: false };

		function close() {
			list.hidden = true;
			input.setAttribute('aria-expanded', 'false');
			input.removeAttribute('aria-activedescendant');
			state.active = -1;
		}

		function place() {
			list.style.left = input.offsetLeft + 'px';
			list.style.top = (input.offsetTop + input.offsetHeight + 2) + 'px';
			list.style.minWidth = Math.min(input.offsetWidth, 560) + 'px';
		}

		function render() {
			list.textContent = '';
			state.active = -1;
			input.removeAttribute('aria-activedescendant');
			if (state.items.length === 0) {
				close();
				status.textContent = '';
				return;
			}
			state.items.forEach(function (item, index) {
				var option = document.createElement('li');
				option.id = id + '-' + index;
				option.setAttribute('role', 'option');
				option.setAttribute('aria-selected', 'false');
				option.className = 'suggestion kind-' + item.kind;
				if (!item.insert) {
					option.setAttribute('aria-disabled', 'true');
				}
				var label = document.createElement('span');
				label.className = 'label';
				label.textContent = item.label;
				label.title = item.label;
				option.appendChild(label);
				if (item.detail || item.example) {
					var detail = document.createElement('span');
					detail.className = 'detail';
					detail.textContent = (item.detail || '') + (item.example ? '  e.g. ' + item.example : '');
					detail.title = detail.textContent;
					option.appendChild(detail);
				}
				if (item.count !== null && item.count !== undefined) {
					var count = document.createElement('span');
					count.className = 'count';
					count.textContent = (item.estimate ? '≈' : '') + Number(item.count).toLocaleString('en-US');
					option.appendChild(count);
				}
				option.addEventListener('mousedown', function (event) {
					// keeps the focus in the box
					event.preventDefault();
				});
				option.addEventListener('click', function () {
					accept(index);
				});
				list.appendChild(option);
			});
			place();
			list.hidden = false;
			input.setAttribute('aria-expanded', 'true');
			status.textContent = state.items.length + (state.items.length === 1 ? ' suggestion' : ' suggestions');
		}

		function move(step) {
			if (list.hidden || state.items.length === 0) {
				return;
			}
			var next = state.active;
			for (var tries = 0; tries < state.items.length; tries++) {
				next = (next + step + state.items.length) % state.items.length;
				if (next === -1) {
					next = step > 0 ? 0 : state.items.length - 1;
				}
				if (state.items[next].insert) {
					break;
				}
			}
			if (state.active >= 0) {
				list.children[state.active].setAttribute('aria-selected', 'false');
			}
			state.active = next;
			var option = list.children[next];
			option.setAttribute('aria-selected', 'true');
			input.setAttribute('aria-activedescendant', option.id);
			option.scrollIntoView({ block: 'nearest' });
		}

		function accept(index) {
			var item = state.items[index];
			if (!item || !item.insert) {
				return false;
			}
			var value = input.value;
			input.value = value.slice(0, state.start) + item.insert + value.slice(state.end);
			var caret = state.start + item.insert.length;
			input.setSelectionRange(caret, caret);
			close();
			// a field or path goes on to its values; a finished term runs the search
			if (/[:.(]$/.test(item.insert)) {
				fetchNow();
			}
			else {
				input.dispatchEvent(new Event('search', { bubbles: true }));
			}
			return true;
		}

		function fetchNow() {
			if (state.request) {
				state.request.abort();
			}
			var controller = new AbortController();
			state.request = controller;
			var params = new URLSearchParams();
			params.set('q', input.value);
			params.set('caret', String(input.selectionStart === null ? input.value.length : input.selectionStart));
			['range', 'from', 'to'].forEach(function (name) {
				var value = formValue(input.form, name);
				if (value) {
					params.set(name, value);
				}
			});
			var url = (input.dataset.suggestUrl || '/events/suggest') + '?' + params.toString();
			fetch(url, { signal: controller.signal, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
				.then(function (response) {
					return response.ok ? response.json() : null;
				})
				.then(function (answer) {
					if (!answer || state.request !== controller || document.activeElement !== input) {
						return;
					}
					state.items = answer.items || [];
					state.start = answer.start;
					state.end = answer.end;
					render();
				})
				.catch(function () {
					// aborted by the next keystroke, or the server is away: the box works without
				});
		}

		function schedule() {
			clearTimeout(state.timer);
			state.timer = setTimeout(fetchNow, DELAY_MS);
		}

		input.addEventListener('input', schedule);
		input.addEventListener('focus', schedule);
		input.addEventListener('click', schedule);
		input.addEventListener('blur', function () {
			clearTimeout(state.timer);
			if (state.request) {
				state.request.abort();
			}
			close();
		});
		input.addEventListener('keydown', function (event) {
			var open = !list.hidden && state.items.length > 0;
			if (event.key === 'ArrowDown') {
				event.preventDefault();
				if (open) {
					move(1);
				}
				else {
					fetchNow();
				}
			}
			else if (event.key === 'ArrowUp' && open) {
				event.preventDefault();
				move(-1);
			}
			else if ((event.key === 'Enter' || event.key === 'Tab') && open && !event.shiftKey) {
				var index = state.active;
				if (index < 0 && event.key === 'Tab') {
					index = state.items.findIndex(function (item) {
						return !!item.insert;
					});
				}
				if (index >= 0 && accept(index)) {
					event.preventDefault();
					state.swallowKeyUp = true;
				}
			}
			else if (event.key === 'Escape' && open) {
				// an open list closes first; a second Escape is the box's own (it clears a search box)
				event.preventDefault();
				close();
			}
		});
		// the key that accepted a suggestion must not also count as typing for the live search
		document.addEventListener('keyup', function (event) {
			if (state.swallowKeyUp && event.target === input) {
				state.swallowKeyUp = false;
				event.stopImmediatePropagation();
			}
		}, true);
	}

	function attachAll(root) {
		(root.querySelectorAll ? root : document).querySelectorAll('input.query-box').forEach(attach);
		if (root.matches && root.matches('input.query-box')) {
			attach(root);
		}
	}

	// The live search waits while the term at the end is only a field and its colon (or the colon
	// and an opened group): that query cannot parse yet and would answer with an error while the
	// value is being chosen.
	// A search the reader asks for (Enter, the button) still runs and says what is wrong.
	document.addEventListener('htmx:confirm', function (event) {
		var element = event.detail.elt;
		if (element && element.matches && element.matches('input.query-box') && /:\(?$/.test(element.value)) {
			event.preventDefault();
		}
	});

	document.addEventListener('DOMContentLoaded', function () {
		attachAll(document);
	});
	document.addEventListener('htmx:load', function (event) {
		attachAll(event.target);
	});
})();
