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
  ActionForm: componentLoader.add('ActionForm', path.join(dir, 'ActionForm')),
  AuditDiff: componentLoader.add('AuditDiff', path.join(dir, 'AuditDiff')),
  AuditExport: componentLoader.add('AuditExport', path.join(dir, 'AuditExport')),
  CustomerOverview: componentLoader.add('CustomerOverview', path.join(dir, 'CustomerOverview')),
  MailPreview: componentLoader.add('MailPreview', path.join(dir, 'MailPreview')),
  TicketDesk: componentLoader.add('TicketDesk', path.join(dir, '..', 'tickets', 'components', 'TicketDesk')),
  Reports: componentLoader.add('Reports', path.join(dir, '..', 'reports', 'components', 'Reports')),
  NotificationBell: componentLoader.override('LoggedIn', path.join(dir, 'NotificationBell')),
  TemplateEditor: componentLoader.add('TemplateEditor', path.join(dir, '..', 'templates', 'components', 'TemplateEditor')),
} as const;
