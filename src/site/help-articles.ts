import fs from 'node:fs/promises';
import path from 'node:path';
import { Op } from 'sequelize';
import { clock } from '../lib/clock.js';
import { Article } from '../models/index.js';
import { ROOT_DIR } from '../http/views.js';

// NOTE: the knowledge base and FAQ ship as Markdown files in content/help/{kb,faq}/<slug>.md, each
// with a small front matter (title, summary, category, order). They are copied into `articles` once,
// where staff edit them in the back office like any other article: a file never overwrites a row.

export const HELP_DIR = path.join(ROOT_DIR, 'content', 'help');
const KINDS = ['kb', 'faq'] as const;

export interface HelpFile {
  kind: (typeof KINDS)[number];
  slug: string;
  title: string;
  summary: string | null;
  category: string | null;
  sortOrder: number;
  bodyMd: string;
}

/** Splits `---\nkey: value\n---\nbody`; keys are lowercase words, values the rest of the line. */
export function parseFrontMatter(text: string): { fields: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { fields: {}, body: text };
  const fields: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const pair = /^([a-z]+):\s*(.*)$/.exec(line.trim());
    if (pair) fields[pair[1]!] = pair[2]!.trim();
  }
  return { fields, body: text.slice(match[0].length) };
}

/** Every help file of the repository, in a stable order. A file without a title is an error. */
export async function readHelpFiles(dir = HELP_DIR): Promise<HelpFile[]> {
  const files: HelpFile[] = [];
  for (const kind of KINDS) {
    const names = (await fs.readdir(path.join(dir, kind)).catch(() => [] as string[])).filter((n) => /^[a-z0-9]+(?:-[a-z0-9]+)*\.md$/.test(n)).sort();
    for (const name of names) {
      const { fields, body } = parseFrontMatter(await fs.readFile(path.join(dir, kind, name), 'utf8'));
      if (!fields.title) throw new Error(`content/help/${kind}/${name} has no title in its front matter`);
      files.push({
        kind,
        slug: name.slice(0, -3),
        title: fields.title,
        summary: fields.summary || null,
        category: fields.category || null,
        sortOrder: Number.parseInt(fields.order ?? '0', 10) || 0,
        bodyMd: body.trim(),
      });
    }
  }
  return files;
}

/** Copies the help files whose kind and slug have no article yet, published now; returns how many. */
export async function seedHelpArticles(dir = HELP_DIR): Promise<number> {
  const files = await readHelpFiles(dir);
  if (files.length === 0) return 0;
  const existing = await Article.findAll({ attributes: ['kind', 'slug'], where: { kind: { [Op.in]: [...KINDS] } } });
  const known = new Set(existing.map((a) => `${a.kind}/${a.slug}`));
  const missing = files.filter((f) => !known.has(`${f.kind}/${f.slug}`));
  if (missing.length === 0) return 0;
  const now = clock.now();
  // NOTE: ignoreDuplicates: two processes starting at once both try; the unique (kind, slug) keeps one row.
  await Article.bulkCreate(missing.map((f) => ({ ...f, publishedAt: now })), { ignoreDuplicates: true });
  return missing.length;
}
