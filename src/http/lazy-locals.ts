import type { Response } from 'express';

/**
 * Defines `res.locals[name]` as a memoized getter that runs only when read. It is not enumerable, so
 * Express does not evaluate it when merging locals into render options; the view engine
 * (views.ts) exposes it to templates and evaluates it only if a template reads it. That keeps an
 * anonymous page that shows no form from creating a session (CSRF token) or consuming flash messages.
 */
export function defineLazyLocal<T>(res: Response, name: string, compute: () => T): void {
  let done = false;
  let value: T;
  Object.defineProperty(res.locals, name, {
    configurable: true,
    enumerable: false,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
    set(next: T) {
      value = next;
      done = true;
    },
  });
}

/**
 * Copies the lazy getters of `locals` onto a template context without evaluating them. They stay
 * non-enumerable there too: Handlebars copies the context (evaluating every enumerable getter) when
 * a partial is called with hash arguments, so inside such partials and inside blocks read them
 * through the root: `{{csrf}}`, `{{@root.csrfToken}}`, `{{@root.flash}}`.
 */
export function exposeLazyLocals(context: Record<string, unknown>, locals: Record<string, unknown> | undefined): void {
  if (!locals) return;
  for (const key of Object.getOwnPropertyNames(locals)) {
    if (Object.prototype.hasOwnProperty.call(context, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(locals, key);
    if (descriptor?.get && !descriptor.enumerable) {
      Object.defineProperty(context, key, { configurable: true, enumerable: false, get: () => locals[key] });
    }
  }
}
