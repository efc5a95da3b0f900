/**
 * Prebundles the back-office React components into $ADMIN_JS_TMP_DIR/bundle.js (default .adminjs/),
 * which the running app then serves without bundling (see admin/bundle.ts).
 * Skips when the bundle is newer than every file in admin/components, unless --force.
 *   node --import tsx scripts/bundle-admin.ts [--force]
 */
// NOTE: AdminJS's bundler reads NODE_ENV when it is imported (minified, no inline source map only in
// production), so it is set before the dynamic imports below; SKIP must be off for initialize() to build.
process.env.NODE_ENV = 'production';
delete process.env.ADMIN_JS_SKIP_BUNDLE;

const { bundleFile, bundleIsFresh } = await import('../admin/bundle.js');
const force = process.argv.includes('--force');

if (!force && bundleIsFresh()) {
  console.log(`admin bundle up to date: ${bundleFile()}`);
} else {
  const started = Date.now();
  const { default: AdminJS } = await import('adminjs');
  const { componentLoader } = await import('../admin/component-loader.js');
  await new AdminJS({ componentLoader }).initialize();
  console.log(`admin bundle written: ${bundleFile()} in ${Date.now() - started} ms`);
}
