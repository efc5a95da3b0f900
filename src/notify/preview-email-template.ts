import { NotFoundError } from '../lib/errors.js';
import { renderEmailTemplate, TEMPLATE_KEY, type RenderedEmail, type TemplateSource } from './render-email-template.js';
import { COMMON_VARIABLES, sampleData, templateEntry, type TemplateVariable } from './template-catalog.js';

export interface EmailPreview extends RenderedEmail {
  key: string;
  description: string | null;
  variables: TemplateVariable[];
  sample: Record<string, unknown>;
}

/**
 * Renders a template with its sample data for the back-office editor: the stored override (or built-in template),
 * or `draft` (staff's unsaved edit; a template that does not render is a 422 `email_template_invalid`).
 */
export async function previewEmailTemplate(key: string, draft?: TemplateSource): Promise<EmailPreview> {
  const entry = templateEntry(key);
  if (!TEMPLATE_KEY.test(key) || !entry) throw new NotFoundError('email_template_not_found', `No email template "${key}"`);
  const sample = sampleData(key);
  const rendered = await renderEmailTemplate(key, sample, draft ? { draft } : {});
  return { ...rendered, key, description: entry.description, variables: [...COMMON_VARIABLES, ...entry.variables], sample };
}
