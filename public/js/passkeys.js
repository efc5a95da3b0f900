// Passkeys (WebAuthn) for the account pages: passwordless sign-in, passkey as second factor, adding
// a passkey. Progressive: the buttons stay hidden unless the browser supports passkeys, and every
// page keeps a form that works without this script.
(function () {
  'use strict';

  var ENDPOINTS = {
    passwordless: { options: '/account/login/passkey/options', verify: '/account/login/passkey', mode: 'passwordless' },
    second_factor: { options: '/account/login/passkey/options', verify: '/account/login/passkey', mode: 'second_factor' },
    register: { options: '/account/security/passkeys/options', verify: '/account/security/passkeys' },
  };

  function supported() {
    return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
  }

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var padded = base64 + '==='.slice((base64.length + 3) % 4);
    var binary = window.atob(padded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return { id: toBytes(c.id), type: c.type || 'public-key', transports: c.transports };
    });
  }

  function creationOptions(json) {
    var options = Object.assign({}, json);
    options.challenge = toBytes(json.challenge);
    options.user = Object.assign({}, json.user, { id: toBytes(json.user.id) });
    options.excludeCredentials = descriptors(json.excludeCredentials);
    return options;
  }

  function requestOptions(json) {
    var options = Object.assign({}, json);
    options.challenge = toBytes(json.challenge);
    options.allowCredentials = descriptors(json.allowCredentials);
    return options;
  }

  function credentialJson(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
    };
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (res.ok) return data;
        var error = new Error(data.detail || 'Something went wrong. Please try again.');
        error.code = data.code;
        throw error;
      });
    });
  }

  function showError(section, message) {
    var box = section.querySelector('[data-passkey-error]');
    if (!box) return;
    box.textContent = message;
    box.hidden = !message;
  }

  function run(button) {
    var action = button.getAttribute('data-passkey-action');
    var endpoint = ENDPOINTS[action];
    var section = button.closest('[data-passkey-section]') || document;
    var csrf = button.getAttribute('data-csrf') || '';
    if (!endpoint) return;
    showError(section, '');
    button.setAttribute('aria-disabled', 'true');
    button.disabled = true;
    post(endpoint.options, csrf, endpoint.mode ? { mode: endpoint.mode } : {})
      .then(function (options) {
        return action === 'register'
          ? navigator.credentials.create({ publicKey: creationOptions(options) })
          : navigator.credentials.get({ publicKey: requestOptions(options) });
      })
      .then(function (credential) {
        if (!credential) throw new Error('No passkey was chosen.');
        var body = { response: credentialJson(credential) };
        if (action === 'register') {
          var name = section.querySelector('[data-passkey-name]');
          body.name = name ? name.value : '';
        } else if (button.getAttribute('data-next')) {
          body.next = button.getAttribute('data-next');
        }
        return post(endpoint.verify, csrf, body);
      })
      .then(function (result) {
        window.location.assign(result.redirect || '/account');
      })
      .catch(function (error) {
        if (error && error.code === 'reauth_required') {
          window.location.assign('/account/confirm-password?next=' + encodeURIComponent(window.location.pathname + '#passkeys'));
          return;
        }
        var cancelled = error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
        showError(section, cancelled ? 'The passkey request was cancelled or timed out.' : (error && error.message) || 'The passkey did not work.');
        button.disabled = false;
        button.removeAttribute('aria-disabled');
      });
  }

  function init() {
    if (!supported()) return;
    var sections = document.querySelectorAll('[data-passkey-section]');
    for (var i = 0; i < sections.length; i++) sections[i].hidden = false;
    var notes = document.querySelectorAll('[data-passkey-unsupported]');
    for (var j = 0; j < notes.length; j++) notes[j].hidden = true;
    document.addEventListener('click', function (event) {
      var el = event.target instanceof Element ? event.target.closest('[data-passkey-action]') : null;
      if (!el) return;
      event.preventDefault();
      run(el);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
