import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H2, H5, Label, Loader, MessageBox, Text } from '@adminjs/design-system';

/** Mirrors the answers of admin/templates/page.ts (components are bundled separately and cannot import it). */
interface TemplateSummary {
  key: string;
  description: string;
  essential: boolean;
  overridden: boolean;
  enabled: boolean;
  variables: Array<{ name: string; description: string }>;
}
interface EditableTemplate {
  key: string;
  description: string;
  essential: boolean;
  overridden: boolean;
  enabled: boolean;
  subject: string;
  html: string;
  text: string;
  updatedAt: string | null;
}
interface PageAnswer {
  allowed: boolean;
  templates?: TemplateSummary[];
  template?: EditableTemplate;
  preview?: { subject: string; html: string; text: string };
  notice?: string;
  error?: string;
}

const api = new ApiClient();
const area: React.CSSProperties = { width: '100%', fontFamily: 'monospace', fontSize: 13, padding: 8, border: '1px solid #c0c0ca', borderRadius: 4 };

async function post(data: Record<string, string>): Promise<PageAnswer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(data)) form.append(k, v);
  const response = await api.getPage<PageAnswer>({ pageName: 'emailTemplates', method: 'post', data: form });
  return response.data;
}

/** Email templates: pick one, edit subject and bodies, preview with sample data, save or go back to the built-in one. */
const TemplateEditor: React.FC = () => {
  const [list, setList] = useState<PageAnswer | null>(null);
  const [current, setCurrent] = useState<EditableTemplate | null>(null);
  const [subject, setSubject] = useState('');
  const [html, setHtml] = useState('');
  const [text, setText] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [preview, setPreview] = useState<PageAnswer['preview'] | null>(null);
  const [message, setMessage] = useState<{ variant: 'danger' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const refreshList = () =>
    api
      .getPage<PageAnswer>({ pageName: 'emailTemplates' })
      .then((r) => setList(r.data))
      .catch(() => setList({ allowed: false }));
  useEffect(() => {
    void refreshList();
  }, []);

  const show = (t: EditableTemplate) => {
    setCurrent(t);
    setSubject(t.subject);
    setHtml(t.html);
    setText(t.text);
    setEnabled(t.enabled);
  };

  const run = async (data: Record<string, string>) => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await post(data);
      if (answer.error) setMessage({ variant: 'danger', text: answer.error });
      if (answer.notice) setMessage({ variant: 'success', text: answer.notice });
      if (answer.template) show(answer.template);
      if (answer.preview) setPreview(answer.preview);
      if (answer.notice) await refreshList();
    } catch {
      setMessage({ variant: 'danger', text: 'The request failed; nothing was changed.' });
    } finally {
      setBusy(false);
    }
  };

  if (!list) return <Loader />;
  if (!list.allowed) return <MessageBox m="xl" variant="danger" message="Email templates are edited by admins." data-testid="templates-refused" />;
  const summary = list.templates?.find((t) => t.key === current?.key);
  const source = current ? { key: current.key, subject, html, text } : null;

  return (
    <Box variant="grey" flex flexDirection="row" style={{ gap: 24 }}>
      <Box variant="white" width={1 / 4} style={{ maxHeight: '80vh', overflowY: 'auto' }}>
        <H2>Email templates</H2>
        {list.templates?.map((t) => (
          <Box key={t.key} mb="md">
            <Button variant={current?.key === t.key ? 'contained' : 'text'} size="sm" onClick={() => run({ op: 'load', key: t.key })} disabled={busy}>
              {t.key}
            </Button>
            <Text variant="sm">
              {t.description}
              {t.overridden ? ' · edited' : ''}
              {t.enabled ? '' : ' · off'}
            </Text>
          </Box>
        ))}
      </Box>
      <Box variant="white" flexGrow={1}>
        {message ? <MessageBox mb="lg" variant={message.variant} message={message.text} /> : null}
        {!current || !source ? (
          <Text>Choose a template on the left. Changes apply to mail written after saving; the built-in version stays available with Reset.</Text>
        ) : (
          <>
            <H5>
              {current.key}: {current.description} {current.overridden ? '(edited by staff)' : '(built-in)'}
            </H5>
            <Label htmlFor="tpl-subject">Subject</Label>
            <input id="tpl-subject" style={area} value={subject} onChange={(e) => setSubject(e.target.value)} />
            <Label htmlFor="tpl-html" mt="lg">HTML body (Handlebars; wrapped in the shared layout)</Label>
            <textarea id="tpl-html" style={area} rows={14} value={html} onChange={(e) => setHtml(e.target.value)} />
            <Label htmlFor="tpl-text" mt="lg">Text body (empty: made from the HTML)</Label>
            <textarea id="tpl-text" style={area} rows={6} value={text} onChange={(e) => setText(e.target.value)} />
            <Box mt="lg">
              <label>
                <input type="checkbox" checked={enabled} disabled={current.essential} onChange={(e) => setEnabled(e.target.checked)} />{' '}
                {current.essential ? 'Always sent (essential mail)' : 'Send this mail'}
              </label>
            </Box>
            <Box mt="lg" flex style={{ gap: 8 }}>
              <Button onClick={() => run({ op: 'preview', ...source })} disabled={busy}>Preview</Button>
              <Button variant="contained" onClick={() => run({ op: 'save', ...source, enabled: String(enabled) })} disabled={busy}>Save</Button>
              {current.overridden ? (
                <Button variant="danger" onClick={() => window.confirm('Go back to the built-in template?') && run({ op: 'reset', key: current.key })} disabled={busy}>
                  Reset to built-in
                </Button>
              ) : null}
            </Box>
            {summary ? (
              <Box mt="xl">
                <H5>Variables</H5>
                {summary.variables.map((v) => (
                  <Text key={v.name} variant="sm">
                    <code>{`{{${v.name}}}`}</code> {v.description}
                  </Text>
                ))}
              </Box>
            ) : null}
            {preview ? (
              <Box mt="xl" data-testid="template-preview">
                <H5>Preview: {preview.subject}</H5>
                <iframe title="HTML preview" sandbox="" srcDoc={preview.html} style={{ width: '100%', height: 480, border: '1px solid #c0c0ca' }} />
                <pre style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{preview.text}</pre>
              </Box>
            ) : null}
          </>
        )}
      </Box>
    </Box>
  );
};

export default TemplateEditor;
