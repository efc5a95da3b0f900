import fs from 'node:fs/promises';
import path from 'node:path';
import { marked } from 'marked';
import { ROOT_DIR } from '../http/views.js';

/** The legal pages we publish, in footer order; each is content/legal/<slug>.md. */
export const LEGAL_PAGES = [
  { slug: 'terms', title: 'Terms of Service', description: 'The agreement that governs every service you buy from us.' },
  { slug: 'privacy', title: 'Privacy Policy', description: 'What personal data we collect, why, how long we keep it and your rights.' },
  { slug: 'acceptable-use', title: 'Acceptable Use Policy', description: 'What you may and may not run on our servers and network.' },
  { slug: 'sla', title: 'Service Level Agreement', description: 'Our uptime commitment and the service credits you get when we miss it.' },
] as const;

export type LegalPage = (typeof LEGAL_PAGES)[number] & { html: string };

/** Renders a legal page from its Markdown file, or null for an unknown slug. */
export async function loadLegalPage(slug: string): Promise<LegalPage | null> {
  const page = LEGAL_PAGES.find((p) => p.slug === slug);
  if (!page) return null;
  // NOTE: the slug comes from the fixed list above, never from the request, so no path traversal.
  const markdown = await fs.readFile(path.join(ROOT_DIR, 'content', 'legal', `${page.slug}.md`), 'utf8');
  return { ...page, html: await marked.parse(markdown) };
}
