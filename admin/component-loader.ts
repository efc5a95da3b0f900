import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/**
 * The React components of the back office. The build step (scripts/bundle-admin.ts) and the running
 * app must register the same names, so both import this one loader.
 */
export const componentLoader = new ComponentLoader();

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'components');

export const Components = {
  Dashboard: componentLoader.add('Dashboard', path.join(dir, 'Dashboard')),
} as const;
