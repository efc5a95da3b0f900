import React, { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiClient, ViewHelpers, useNotice, type ActionProps } from 'adminjs';
import { Badge, Box, Button, H4, H5, Label, Loader, MessageBox, Text, TextArea } from '@adminjs/design-system';

/** Mirrors TicketDesk of src/support/load-ticket-desk.ts (components are bundled separately and cannot import it). */
interface Desk {
  ticket: { id: number; number: string; subject: string; status: string; priority: string; departmentName: string; serviceLabel: string | null; assigneeId: number | null; mergedIntoNumber: string | null; openedVia: string; createdAt: string; lastReplyAt: string | null };
  sla: { targetMinutes: number; dueAt: string; firstResponseMinutes: number | null; minutesLeft: number | null; state: string };
  messages: Array<{ id: number; authorKind: string; authorName: string; body: string; internal: boolean; via: string; createdAt: string; attachments: Array<{ id: number; name: string; sizeBytes: number }> }>;
  customer: { id: number; name: string; email: string; status: string; company: string | null };
  services: Array<{ id: number; reference: string; label: string; status: string }>;
  invoices: Array<{ id: number; number: string; status: string; total: string; amountDue: string; dueAt: string | null }>;
  canned: Array<{ id: number; title: string }>;
  assignees: Array<{ id: number; name: string; role: string }>;
  mergeTargets: Array<{ id: number; number: string; subject: string; status: string }>;
  statuses: string[];
  priorities: string[];
  uploads: { maxFiles: number; maxMb: number };
}
type Notice = { message: string; type: 'success' | 'error' | 'info' };

const api = new ApiClient();
const helpers = new ViewHelpers();
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const duration = (minutes: number) => {
  const m = Math.abs(minutes);
  return m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
};
/** The file types a ticket message takes (the server reads the real type from the bytes). */
const ACCEPT = '.png,.jpg,.jpeg,.gif,.pdf,.zip,.txt,.log';
const SLA_COLOR: Record<string, 'success' | 'info' | 'danger' | 'primary'> = { met: 'success', pending: 'info', at_risk: 'primary', breached: 'danger' };

function slaLine(sla: Desk['sla']): string {
  if (sla.firstResponseMinutes !== null) return `First response in ${duration(sla.firstResponseMinutes)} (target ${duration(sla.targetMinutes)})`;
  const left = sla.minutesLeft ?? 0;
  return left < 0 ? `No answer yet: overdue by ${duration(left)}` : `No answer yet: ${duration(left)} left (due ${when(sla.dueAt)})`;
}

const Section: React.FC<{ title: string; children: React.ReactNode; testId?: string }> = ({ title, children, testId }) => (
  <Box variant="card" p="lg" mb="lg" data-testid={testId}>
    <H5 mb="default">{title}</H5>
    {children}
  </Box>
);

/**
 * The back office's ticket page: the thread (internal notes marked), a reply box with canned responses and an
 * internal-note switch, status, priority, assignment and merge, and the customer's services and invoices beside it.
 * Every change posts to the ticket's `desk` action, which runs one support operation.
 */
const TicketDesk: React.FC<ActionProps> = ({ resource, record }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [desk, setDesk] = useState<Desk | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [mergeTarget, setMergeTarget] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  // NOTE: a file input cannot be cleared by its value; a new key gives a fresh, empty one after a sent reply.
  const [fileInputKey, setFileInputKey] = useState(0);
  const recordId = record?.id;

  const load = useCallback(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: 'desk' })
      .then((res) => {
        const data = res.data as { desk?: Desk; notice?: Notice };
        if (data.desk) setDesk(data.desk);
        else setError(data.notice?.message ?? 'This ticket cannot be shown.');
      })
      .catch((err: Error) => setError(err.message));
  }, [resource.id, recordId]);
  useEffect(load, [load]);

  const post = async (fields: Record<string, string>, attachments: File[] = []): Promise<{ ok: boolean; cannedText?: string }> => {
    if (!recordId) return { ok: false };
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.append(key, value);
    attachments.forEach((file, i) => data.append(`attachments.${i}`, file, file.name));
    setBusy(true);
    try {
      const res = await api.recordAction({ resourceId: resource.id, recordId, actionName: 'desk', data });
      const out = res.data as { desk?: Desk; notice?: Notice; cannedText?: string };
      if (out.notice) addNotice(out.notice);
      if (out.desk && String(out.desk.ticket.id) !== String(recordId)) {
        navigate(helpers.recordActionUrl({ resourceId: resource.id, recordId: String(out.desk.ticket.id), actionName: 'show' }));
        return { ok: true };
      }
      if (out.desk) setDesk(out.desk);
      return { ok: out.notice?.type !== 'error', cannedText: out.cannedText };
    } catch (err) {
      addNotice({ message: (err as Error).message || 'The request failed', type: 'error' });
      return { ok: false };
    } finally {
      setBusy(false);
    }
  };

  if (error) return <MessageBox variant="danger" message={error} />;
  if (!desk) return <Loader />;
  const { ticket } = desk;

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    const done = await post({ op: internal ? 'note' : 'reply', body }, files);
    if (done.ok) {
      setBody('');
      setInternal(false);
      setFiles([]);
      setFileInputKey((k) => k + 1);
    }
  };
  const useCanned = async (event: React.ChangeEvent<HTMLSelectElement>) => {
    const cannedId = event.target.value;
    event.target.value = '';
    if (!cannedId) return;
    const done = await post({ op: 'canned', cannedId });
    if (done.cannedText !== undefined) setBody((prev) => (prev.trim() ? `${prev}\n\n${done.cannedText}` : done.cannedText ?? ''));
  };

  return (
    <Box flex flexDirection={['column', 'column', 'row']} data-testid="ticket-desk">
      <Box flexGrow={1} mr={[0, 0, 'xl']}>
        <Box variant="card" p="lg" mb="lg">
          <H4 mb="sm">{`${ticket.number} · ${ticket.subject}`}</H4>
          <Text>
            {`${ticket.departmentName} · ${ticket.status.replace('_', ' ')} · ${ticket.priority} priority · opened ${when(ticket.createdAt)} via ${ticket.openedVia}`}
            {ticket.serviceLabel ? ` · about ${ticket.serviceLabel}` : ''}
          </Text>
          {ticket.mergedIntoNumber ? <MessageBox mt="default" variant="info" message={`Merged into ${ticket.mergedIntoNumber}.`} /> : null}
        </Box>

        {desk.messages.map((m) => (
          <Box
            key={m.id}
            variant="card"
            p="lg"
            mb="default"
            data-testid={m.internal ? 'internal-note' : 'message'}
            style={m.internal ? { background: '#fffbeb', borderLeft: '4px solid #f59e0b' } : m.authorKind === 'staff' ? { borderLeft: '4px solid #2563eb' } : undefined}
          >
            <Box flex justifyContent="space-between" mb="sm">
              <Text fontWeight="bold">
                {m.authorName}
                {m.internal ? <Badge ml="default" variant="primary" size="sm">Internal note</Badge> : null}
                {m.via === 'email' ? <Badge ml="default" size="sm">by email</Badge> : null}
              </Text>
              <Text color="grey60">{when(m.createdAt)}</Text>
            </Box>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            {m.attachments.length ? (
              <Text mt="sm">
                {m.attachments.map((a) => (
                  <a key={a.id} href={`${helpers.dashboardUrl()}/tickets/attachments/${a.id}`} style={{ marginRight: 12 }}>
                    {`${a.name} (${Math.ceil(a.sizeBytes / 1024)} KB)`}
                  </a>
                ))}
              </Text>
            ) : null}
          </Box>
        ))}

        <Box as="form" variant="card" p="lg" onSubmit={send} data-testid="reply-form">
          <Box flex justifyContent="space-between" alignItems="center" mb="sm">
            <Label htmlFor="desk-body">{internal ? 'Internal note (never shown to the customer)' : 'Reply to the customer'}</Label>
            {desk.canned.length ? (
              <select aria-label="Insert a canned response" defaultValue="" onChange={useCanned} disabled={busy}>
                <option value="">Canned response…</option>
                {desk.canned.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
              </select>
            ) : null}
          </Box>
          <TextArea id="desk-body" width={1} rows={6} value={body} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)} />
          <Box mt="default">
            <Label htmlFor="desk-attachments">Attachments (optional)</Label>
            <input
              key={fileInputKey}
              id="desk-attachments"
              type="file"
              multiple
              accept={ACCEPT}
              disabled={busy}
              aria-describedby="desk-attachments-help"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
            <Text id="desk-attachments-help" color="grey60" fontSize="sm">
              {`Up to ${desk.uploads.maxFiles} files of ${desk.uploads.maxMb} MB each: images (PNG, JPEG, GIF), PDF, ZIP, text (.txt, .log).${internal ? ' Files of an internal note stay with staff.' : ' The customer gets them in the ticket and by email.'}`}
            </Text>
            {files.length > desk.uploads.maxFiles ? <MessageBox mt="sm" variant="danger" message={`Attach at most ${desk.uploads.maxFiles} files to one message.`} /> : null}
          </Box>
          <Box flex justifyContent="space-between" alignItems="center" mt="default">
            <label>
              <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Internal note
            </label>
            <Button variant={internal ? 'outlined' : 'contained'} disabled={busy || !body.trim() || files.length > desk.uploads.maxFiles}>{internal ? 'Add note' : 'Send reply'}</Button>
          </Box>
        </Box>
      </Box>

      <Box width={[1, 1, '360px']} flexShrink={0}>
        <Section title="First response" testId="desk-sla">
          <Badge variant={SLA_COLOR[desk.sla.state] ?? 'info'}>{desk.sla.state.replace('_', ' ')}</Badge>
          <Text mt="sm">{slaLine(desk.sla)}</Text>
        </Section>

        <Section title="Ticket">
          <Label htmlFor="desk-status">Status</Label>
          <select id="desk-status" value={ticket.status} disabled={busy} onChange={(e) => void post({ op: 'status', status: e.target.value })}>
            {desk.statuses.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
          </select>
          <Label mt="default" htmlFor="desk-priority">Priority</Label>
          <select id="desk-priority" value={ticket.priority} disabled={busy} onChange={(e) => void post({ op: 'priority', priority: e.target.value })}>
            {desk.priorities.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          <Label mt="default" htmlFor="desk-assignee">Assigned to</Label>
          <select id="desk-assignee" value={ticket.assigneeId ?? ''} disabled={busy} onChange={(e) => void post({ op: 'assign', assigneeId: e.target.value })}>
            <option value="">Nobody</option>
            {desk.assignees.map((u) => <option key={u.id} value={u.id}>{`${u.name} (${u.role})`}</option>)}
          </select>
          {!ticket.mergedIntoNumber ? (
            <Box mt="default">
              <Label htmlFor="desk-merge">Merge into another ticket of this customer</Label>
              <Box flex>
                <select id="desk-merge" value={mergeTarget} onChange={(e) => setMergeTarget(e.target.value)}>
                  <option value="">Choose a ticket…</option>
                  {desk.mergeTargets.map((t) => <option key={t.id} value={t.number}>{`${t.number} · ${t.subject} (${t.status.replace('_', ' ')})`}</option>)}
                </select>
                <Button
                  ml="sm"
                  size="sm"
                  variant="outlined"
                  disabled={busy || !mergeTarget}
                  onClick={() => {
                    if (window.confirm(`Merge ${ticket.number} into ${mergeTarget}? Its messages move there and it is closed.`)) void post({ op: 'merge', target: mergeTarget });
                  }}
                >
                  Merge
                </Button>
              </Box>
            </Box>
          ) : null}
        </Section>

        <Section title="Customer" testId="desk-customer">
          <a href={helpers.recordActionUrl({ resourceId: 'customers', recordId: String(desk.customer.id), actionName: 'show' })}>{desk.customer.name}</a>
          <Text>{desk.customer.email}</Text>
          {desk.customer.company ? <Text>{desk.customer.company}</Text> : null}
          <Text color="grey60">{`Account ${desk.customer.status}`}</Text>
        </Section>

        <Section title={`Services (${desk.services.length})`} testId="desk-services">
          {desk.services.length === 0 ? <Text>None.</Text> : null}
          {desk.services.map((s) => (
            <Text key={s.id}>
              <a href={helpers.recordActionUrl({ resourceId: 'services', recordId: String(s.id), actionName: 'show' })}>{s.label}</a>
              {` · ${s.status}`}
            </Text>
          ))}
        </Section>

        <Section title={`Invoices (${desk.invoices.length})`} testId="desk-invoices">
          {desk.invoices.length === 0 ? <Text>None.</Text> : null}
          {desk.invoices.map((i) => (
            <Text key={i.id}>
              <a href={helpers.recordActionUrl({ resourceId: 'invoices', recordId: String(i.id), actionName: 'show' })}>{i.number}</a>
              {` · ${i.status} · ${i.total}${i.status === 'open' ? ` (due ${i.amountDue}${i.dueAt ? ` on ${i.dueAt.slice(0, 10)}` : ''})` : ''}`}
            </Text>
          ))}
        </Section>
      </Box>
    </Box>
  );
};

export default TicketDesk;
