import { config } from '../../config/index.js';

/** The back-office sign-in pages: self-contained HTML (no template engine, no external assets). */

const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f1f3f8;color:#1c1c38}
main{width:100%;max-width:420px;background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:32px}
h1{font-size:20px;margin:0 0 4px}p.sub{margin:0 0 24px;color:#5b5b75}label{display:block;font-weight:600;margin:16px 0 4px}
input{width:100%;padding:10px 12px;border:1px solid #c0c0ca;border-radius:4px;font:inherit}
input:focus{outline:2px solid #3040d6;border-color:#3040d6}button,.button{display:block;width:100%;margin-top:24px;padding:11px;border:0;
border-radius:4px;background:#3040d6;color:#fff;font:inherit;font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
.error{background:#fdecec;color:#8a1010;padding:10px 12px;border-radius:4px;margin:0 0 8px}
.notice{background:#eef4ff;color:#1c2c80;padding:10px 12px;border-radius:4px;margin:0 0 8px}
code,.secret{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.secret{display:block;background:#f4f4f8;padding:10px;border-radius:4px;font-size:16px;letter-spacing:1px}
ol.codes{columns:2;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:16px;padding-left:24px}
.hint{color:#5b5b75;font-size:13px;margin-top:8px;overflow-wrap:anywhere}a{color:#3040d6}`;

interface Frame {
  title: string;
  subtitle?: string;
  error?: string | null;
  notice?: string | null;
}

function layout(frame: Frame, body: string): string {
  const brand = config().appName;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(frame.title)} · ${esc(brand)} back office</title><style>${STYLE}</style></head>
<body><main><h1>${esc(frame.title)}</h1>${frame.subtitle ? `<p class="sub">${esc(frame.subtitle)}</p>` : ''}
${frame.error ? `<p class="error" role="alert">${esc(frame.error)}</p>` : ''}${frame.notice ? `<p class="notice" role="status">${esc(frame.notice)}</p>` : ''}
${body}</main></body></html>`;
}

const csrfField = (token: string) => `<input type="hidden" name="_csrf" value="${esc(token)}">`;

export function loginPage(p: { action: string; csrf: string; email?: string; error?: string | null; notice?: string | null }): string {
  return layout(
    { title: 'Staff sign-in', subtitle: `${config().appName} back office`, error: p.error, notice: p.notice },
    `<form method="post" action="${esc(p.action)}" novalidate>${csrfField(p.csrf)}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required autofocus value="${esc(p.email)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Continue</button></form>`,
  );
}

export function challengePage(p: { action: string; cancel: string; csrf: string; error?: string | null }): string {
  return layout(
    { title: 'Two-factor authentication', subtitle: 'Enter the 6-digit code from your authenticator app.', error: p.error },
    `<form method="post" action="${esc(p.action)}" novalidate>${csrfField(p.csrf)}
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus maxlength="32">
<p class="hint">Lost your phone? Enter one of your recovery codes (xxxxx-xxxxx) instead.</p>
<button type="submit">Verify</button></form><p class="hint"><a href="${esc(p.cancel)}">Cancel and sign out</a></p>`,
  );
}

export function enrolPage(p: { action: string; cancel: string; csrf: string; secret: string; uri: string; error?: string | null }): string {
  return layout(
    {
      title: 'Set up two-factor authentication',
      subtitle: 'Staff accounts need an authenticator app (1Password, Authy, Google Authenticator...) before using the back office.',
      error: p.error,
    },
    `<p>1. Add this key to your authenticator app, or open the setup link on the phone that has it:</p>
<span class="secret" data-testid="totp-secret">${esc(p.secret.replace(/(.{4})/g, '$1 ').trim())}</span>
<p class="hint"><a href="${esc(p.uri)}" data-testid="totp-uri">${esc(p.uri)}</a></p>
<form method="post" action="${esc(p.action)}" novalidate>${csrfField(p.csrf)}
<label for="code">2. Enter the 6-digit code it shows</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="6">
<button type="submit">Turn on two-factor authentication</button></form><p class="hint"><a href="${esc(p.cancel)}">Cancel and sign out</a></p>`,
  );
}

export function recoveryCodesPage(p: { codes: string[]; next: string }): string {
  return layout(
    { title: 'Save your recovery codes', subtitle: 'Each code signs you in once if you lose your authenticator. They are shown only this once.' },
    `<ol class="codes" data-testid="recovery-codes">${p.codes.map((c) => `<li>${esc(c)}</li>`).join('')}</ol>
<p class="hint">Store them in your password manager. Anyone holding them and your password can sign in.</p>
<a class="button" href="${esc(p.next)}">I have saved them, continue</a>`,
  );
}
