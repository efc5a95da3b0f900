// EZSCALE front-end behaviour (no inline scripts: CSP script-src 'self'). Progressive: every page
// works without it. Theme switch, mobile navigation, confirm-before-submit, dismissable alerts,
// single-submit forms and copy buttons.
(function () {
  'use strict';

  var root = document.documentElement;
  // Menus fold behind their buttons only when this script runs (public/css/layout.css).
  root.classList.add('js');
  var THEME_KEY = 'theme';
  var YEAR = 60 * 60 * 24 * 365;

  function systemTheme() {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function currentTheme() {
    return root.getAttribute('data-theme') || systemTheme();
  }

  function storeTheme(theme) {
    try { window.localStorage.setItem(THEME_KEY, theme); } catch { /* private mode */ }
    var secure = window.location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = THEME_KEY + '=' + theme + '; Path=/; Max-Age=' + YEAR + '; SameSite=Lax' + secure;
  }

  function syncThemeButtons(theme) {
    var buttons = document.querySelectorAll('[data-theme-toggle]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
      buttons[i].setAttribute('title', theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme');
    }
  }

  function applyTheme(theme) {
    root.setAttribute('data-theme', theme);
    syncThemeButtons(theme);
  }

  // A choice kept in localStorage whose cookie was lost: restore both (the server renders from the cookie).
  var saved = null;
  try { saved = window.localStorage.getItem(THEME_KEY); } catch { /* private mode */ }
  if (!root.getAttribute('data-theme') && (saved === 'light' || saved === 'dark')) {
    applyTheme(saved);
    storeTheme(saved);
  }
  syncThemeButtons(currentTheme());
  if (window.matchMedia) {
    var query = window.matchMedia('(prefers-color-scheme: dark)');
    var onChange = function () { syncThemeButtons(currentTheme()); };
    if (query.addEventListener) query.addEventListener('change', onChange);
  }

  function toggleTheme() {
    var next = currentTheme() === 'dark' ? 'light' : 'dark';
    applyTheme(next);
    storeTheme(next);
  }

  function toggleNav(button) {
    var target = document.getElementById(button.getAttribute('aria-controls'));
    if (!target) return;
    var open = !target.classList.contains('is-open');
    target.classList.toggle('is-open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var first = target.querySelector('a, button');
      if (first) first.focus();
    }
  }

  function closeNavs() {
    var buttons = document.querySelectorAll('[data-nav-toggle][aria-expanded="true"]');
    for (var i = 0; i < buttons.length; i++) {
      var target = document.getElementById(buttons[i].getAttribute('aria-controls'));
      if (target) target.classList.remove('is-open');
      buttons[i].setAttribute('aria-expanded', 'false');
    }
  }

  function copyText(button) {
    var source = button.getAttribute('data-copy');
    var el = source && source.charAt(0) === '#' ? document.querySelector(source) : null;
    var text = el ? (el.value || el.textContent || '') : source || '';
    if (!navigator.clipboard) return;
    navigator.clipboard.writeText(text.trim()).then(function () {
      var label = button.getAttribute('data-copied-label') || 'Copied';
      var before = button.textContent;
      button.textContent = label;
      setTimeout(function () { button.textContent = before; }, 1500);
    });
  }

  document.addEventListener('click', function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    var themeButton = el.closest('[data-theme-toggle]');
    if (themeButton) { event.preventDefault(); toggleTheme(); return; }
    var navButton = el.closest('[data-nav-toggle]');
    if (navButton) { event.preventDefault(); toggleNav(navButton); return; }
    var dismiss = el.closest('[data-dismiss]');
    if (dismiss) {
      var box = dismiss.closest(dismiss.getAttribute('data-dismiss') || '.alert');
      if (box) box.remove();
      return;
    }
    var copy = el.closest('[data-copy]');
    if (copy) { event.preventDefault(); copyText(copy); return; }
    var confirmButton = el.closest('button[data-confirm], input[type="submit"][data-confirm]');
    if (confirmButton && !window.confirm(confirmButton.getAttribute('data-confirm'))) event.preventDefault();
    // A click outside an open menu or drawer closes it.
    if (!el.closest('.is-open')) closeNavs();
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) { event.preventDefault(); return; }
    if (form.hasAttribute('data-once')) {
      if (form.getAttribute('data-submitted') === 'true') { event.preventDefault(); return; }
      form.setAttribute('data-submitted', 'true');
      var submits = form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
      for (var i = 0; i < submits.length; i++) submits[i].setAttribute('aria-disabled', 'true');
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeNavs();
  });
})();
