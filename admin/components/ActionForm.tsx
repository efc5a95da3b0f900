import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiClient, ViewHelpers, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';

/** Mirrors ActionField / ActionFormSpec of admin/actions (components are bundled separately and cannot import them). */
interface Field {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'amount' | 'date' | 'select';
  required: boolean;
  hint?: string;
  options?: Array<{ value: string; label: string }>;
}
interface Spec {
  intro: string;
  fields: Field[];
  bulk?: boolean;
}

const api = new ApiClient();
const helpers = new ViewHelpers();
const INVALID = 'invalidActionInput';

/**
 * The form of a back-office action: the explanation, the inputs the action declares and a submit
 * button that POSTs them. An error notice of the operation stays on the form; success goes back to
 * the record (or the list, for bulk actions); an absolute redirect (the customer portal) is opened.
 */
const ActionForm: React.FC<ActionProps> = ({ action, resource, record, records }) => {
  const spec = (action.custom ?? { intro: '', fields: [] }) as Spec;
  const { translateMessage, translateButton } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const initial = Object.fromEntries(spec.fields.map((f) => [f.name, f.kind === 'select' ? (f.options?.[0]?.value ?? '') : '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selected = records ?? [];

  const explain = (message: string): string => {
    if (message.startsWith(`${INVALID}:`)) {
      const names = message.slice(INVALID.length + 1).split(',').map((n) => n.trim());
      const labels = names.map((n) => spec.fields.find((f) => f.name === n)?.label ?? n);
      return `${translateMessage(INVALID, resource.id)}: ${labels.join(', ')}`;
    }
    return translateMessage(message, resource.id);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const missing = spec.fields.filter((f) => f.required && !(values[f.name] ?? '').trim());
    if (missing.length) {
      setError(`${translateMessage(INVALID, resource.id)}: ${missing.map((f) => f.label).join(', ')}`);
      return;
    }
    const data = new FormData();
    for (const f of spec.fields) data.append(f.name, values[f.name] ?? '');
    setBusy(true);
    setError(null);
    try {
      const response = spec.bulk
        ? await api.bulkAction({ resourceId: resource.id, recordIds: selected.map((r) => r.id), actionName: action.name, data })
        : record
          ? await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data })
          : await api.resourceAction({ resourceId: resource.id, actionName: action.name, data, method: 'post' });
      const { notice, redirectUrl } = response.data as { notice?: { message: string; type: 'success' | 'error' | 'info' }; redirectUrl?: string };
      if (notice?.type === 'error') {
        setError(explain(notice.message));
        return;
      }
      if (notice) addNotice({ ...notice, message: explain(notice.message) });
      if (redirectUrl) {
        // Another surface (the customer portal, maybe on its own host) is opened as a page, not routed inside the panel.
        const target = new URL(redirectUrl, window.location.href);
        if (target.origin !== window.location.origin || !target.pathname.startsWith(helpers.dashboardUrl())) {
          window.location.assign(target.href);
          return;
        }
      }
      navigate(
        redirectUrl ??
          (spec.bulk || !record
            ? helpers.resourceUrl({ resourceId: resource.id })
            : helpers.recordActionUrl({ resourceId: resource.id, recordId: record.id, actionName: 'show' })),
      );
    } catch (err) {
      setError((err as Error).message || 'The request failed');
    } finally {
      setBusy(false);
    }
  };

  const set = (name: string) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues((prev) => ({ ...prev, [name]: event.target.value }));

  return (
    <Box as="form" variant="container" onSubmit={submit} data-testid="action-form" noValidate>
      {spec.intro ? <Text mb="lg">{translateMessage(spec.intro, resource.id)}</Text> : null}
      {spec.bulk ? <Text mb="lg">{`${selected.length} selected: ${selected.map((r) => r.title).join(', ')}`}</Text> : null}
      {error ? <MessageBox mb="lg" variant="danger" message={error} data-testid="action-error" /> : null}
      {spec.fields.map((f) => (
        <FormGroup key={f.name}>
          <Label htmlFor={`action-${f.name}`} required={f.required}>{f.label}</Label>
          {f.kind === 'textarea' ? (
            <TextArea id={`action-${f.name}`} name={f.name} width={1} rows={3} value={values[f.name]} onChange={set(f.name)} />
          ) : f.kind === 'select' ? (
            <select id={`action-${f.name}`} name={f.name} value={values[f.name]} onChange={set(f.name)}>
              {(f.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          ) : (
            <Input
              id={`action-${f.name}`}
              name={f.name}
              width={1}
              type={f.kind === 'date' ? 'date' : 'text'}
              inputMode={f.kind === 'amount' ? 'decimal' : undefined}
              value={values[f.name]}
              onChange={set(f.name)}
            />
          )}
          {f.hint ? <Text variant="sm" mt="sm">{f.hint}</Text> : null}
        </FormGroup>
      ))}
      <Button type="submit" variant="contained" disabled={busy || (spec.bulk && !selected.length)} data-testid="action-submit">
        {translateButton('confirm', resource.id)}
      </Button>
    </Box>
  );
};

export default ActionForm;
