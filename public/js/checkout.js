// Checkout cart: re-prices the order summary as options, add-ons and the coupon change, by posting
// the same form to /account/order/quote that works without JavaScript. A change of billing cycle or
// currency reloads the cart, since every option and add-on price changes with it.
(function () {
  'use strict';

  var form = document.querySelector('form[data-checkout]');
  if (!form || !window.fetch || !window.DOMParser) return;
  var pending = null;

  function summary(doc) {
    return doc.querySelector('[data-checkout-summary]');
  }

  function requote() {
    if (pending) pending.abort();
    pending = new AbortController();
    var body = new URLSearchParams(new FormData(form));
    fetch('/account/order/quote', {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { Accept: 'text/html' },
      signal: pending.signal,
    })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var next = summary(new DOMParser().parseFromString(html, 'text/html'));
        var current = summary(document);
        if (next && current) current.replaceWith(next);
      })
      .catch(function () { /* the visitor can still press "update total" */ });
  }

  form.addEventListener('change', function (event) {
    var name = event.target && event.target.name;
    if (name === 'cycle' || name === 'currency') {
      var update = form.querySelector('[data-checkout-update]');
      if (update && form.requestSubmit) form.requestSubmit(update);
      return;
    }
    if (name === 'addons' || (name && name.indexOf('options[') === 0)) requote();
  });
})();
