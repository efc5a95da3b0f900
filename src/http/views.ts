import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import Handlebars from 'handlebars';
import { config } from '../../config/index.js';
import { registerHelpers } from './helpers.js';
import { exposeLazyLocals } from './lazy-locals.js';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VIEWS_DIR = path.join(ROOT_DIR, 'views');

type Template = Handlebars.TemplateDelegate;
type RenderCallback = (err: Error | null, html?: string) => void;

// NOTE: templates are our own code, never user input, so model attributes (Sequelize defines them as
// prototype accessors) may be read directly; prototype methods stay blocked.
const RUNTIME: Handlebars.RuntimeOptions = { allowProtoPropertiesByDefault: true };
/** Render options Express adds that are not template data. */
const INTERNAL_KEYS = new Set(['settings', '_locals', 'cache', 'layout']);

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.hbs') ? [full] : [];
  });
}

/** The Handlebars view layer: helpers, partials from views/partials/**, layouts from views/layouts/. */
export class ViewEngine {
  readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, Template>();
  private readonly icons = new Map<string, string>();
  private partialsLoaded = false;

  constructor(
    readonly viewsDir: string = VIEWS_DIR,
    /** Templates are compiled once everywhere but in development, where edits show on reload. */
    readonly cache: boolean = config().env !== 'development',
  ) {
    registerHelpers(this.hbs);
    this.hbs.registerHelper('icon', (name: unknown) => new this.hbs.SafeString(this.icon(String(name ?? ''))));
  }

  /**
   * `{{icon "vps"}}`: the inline SVG of views/partials/ui/icon.hbs for that name, rendered once per name (the partial
   * walks two dozen comparisons and a portal page draws a dozen icons).
   */
  icon(name: string): string {
    let svg = this.icons.get(name);
    if (svg === undefined) {
      // NOTE: render() loads the partials first (in development afresh for each page), so this is a lookup.
      if (!this.hbs.partials['ui/icon']) this.loadPartials();
      svg = (this.hbs.partials['ui/icon'] as Template)({ name }, RUNTIME);
      // NOTE: names come from templates, a few dozen at most; the bound only guards against a template passing data.
      if (this.cache && this.icons.size < 256) this.icons.set(name, svg);
    }
    return svg;
  }

  /** Registers every views/partials/** file; the name is its relative path without extension (`site/header`). */
  loadPartials(): void {
    if (this.cache && this.partialsLoaded) return;
    const dir = path.join(this.viewsDir, 'partials');
    for (const file of walk(dir)) {
      const name = path.relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      this.hbs.registerPartial(name, this.hbs.compile(fs.readFileSync(file, 'utf8')));
    }
    this.partialsLoaded = true;
  }

  template(file: string): Template {
    const cached = this.cache ? this.templates.get(file) : undefined;
    if (cached) return cached;
    const compiled = this.hbs.compile(fs.readFileSync(file, 'utf8'));
    if (this.cache) this.templates.set(file, compiled);
    return compiled;
  }

  /** True when `views/<name>.hbs` exists. */
  exists(name: string): boolean {
    return fs.existsSync(path.join(this.viewsDir, `${name}.hbs`));
  }

  /** Renders a view file with Express render options; `layout` picks views/layouts/<layout>.hbs ('site' by default, false for none). */
  render(file: string, options: Record<string, unknown>): string {
    this.loadPartials();
    const context: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) if (!INTERNAL_KEYS.has(key)) context[key] = value;
    exposeLazyLocals(context, options._locals as Record<string, unknown> | undefined);
    const body = this.template(file)(context, RUNTIME);
    const layout = options.layout === undefined ? 'site' : options.layout;
    if (layout === false || layout === null) return body;
    const layoutFile = path.join(this.viewsDir, 'layouts', `${String(layout)}.hbs`);
    // NOTE: copy descriptors, not values: spreading would evaluate the lazy locals (CSRF token, flash).
    const layoutContext = Object.defineProperties({}, Object.getOwnPropertyDescriptors(context)) as Record<string, unknown>;
    layoutContext.body = body;
    return this.template(layoutFile)(layoutContext, RUNTIME);
  }

  /** The `app.engine('hbs', ...)` function. */
  engine(): (file: string, options: object, cb: RenderCallback) => void {
    return (file, options, cb) => {
      try {
        cb(null, this.render(file, options as Record<string, unknown>));
      } catch (err) {
        cb(err instanceof Error ? err : new Error(String(err)));
      }
    };
  }
}

let shared: ViewEngine | undefined;

/** The process-wide view engine (one Handlebars environment; other areas may register helpers on `.hbs`). */
export function viewEngine(): ViewEngine {
  shared ??= new ViewEngine();
  return shared;
}

/** Installs the engine on an app: `res.render('site/home', { layout: 'site', pageTitle })`. */
export function setupViews(app: Express): void {
  const engine = viewEngine();
  app.engine('hbs', engine.engine());
  app.set('view engine', 'hbs');
  app.set('views', engine.viewsDir);
  // NOTE: Express looks a view's file up on disk on every render unless it caches them; the engine caches templates likewise.
  if (engine.cache) app.enable('view cache');
}
