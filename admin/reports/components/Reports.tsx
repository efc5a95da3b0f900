import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H2, H5, Label, Loader, MessageBox, Text } from '@adminjs/design-system';

/** Mirrors ReportsPageData in admin/reports/page.ts (components are bundled separately and cannot import it). */
interface ReportsPageData {
  allowed: boolean;
  downloadRoot: string;
  reports: Array<{ name: string; title: string; description: string; columns: string[] }>;
  currencies: string[];
  baseCurrency: string;
  defaults: { from: string; to: string };
}

const api = new ApiClient();

const field: React.CSSProperties = { padding: '6px 8px', border: '1px solid #c0c0ca', borderRadius: 4, fontSize: 14, minWidth: 150 };

/** Finance exports: pick a range and a currency, then download any report as CSV. */
const Reports: React.FC = () => {
  const [data, setData] = useState<ReportsPageData | null>(null);
  const [failed, setFailed] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [currency, setCurrency] = useState('ALL');

  useEffect(() => {
    api
      .getPage<ReportsPageData>({ pageName: 'reports' })
      .then((response) => {
        setData(response.data);
        setFrom(response.data.defaults.from);
        setTo(response.data.defaults.to);
      })
      .catch(() => setFailed(true));
  }, []);

  if (failed) return <MessageBox m="xl" variant="danger" message="The reports page could not be loaded." />;
  if (!data) return <Loader />;
  if (!data.allowed) return <MessageBox m="xl" variant="danger" message="Finance reports are for finance and admin staff." data-testid="reports-refused" />;

  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const href = (name: string) => `${data.downloadRoot}/reports/${encodeURIComponent(name)}.csv?${new URLSearchParams({ from, to, currency }).toString()}`;
  return (
    <Box p="xl" data-testid="reports">
      <H2>Reports</H2>
      <Box variant="card" p="lg" mb="lg" flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }}>
        <Box>
          <Label htmlFor="report-from">From (included)</Label>
          <input id="report-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={field} />
        </Box>
        <Box>
          <Label htmlFor="report-to">To (included)</Label>
          <input id="report-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} style={field} />
        </Box>
        <Box>
          <Label htmlFor="report-currency">Currency</Label>
          <select id="report-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} style={field}>
            <option value="ALL">All currencies (MRR in {data.baseCurrency})</option>
            {data.currencies.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </Box>
      </Box>
      {!valid && <MessageBox mb="lg" variant="danger" message="Choose a start date on or before the end date." />}
      <Text mb="lg" color="grey60">CSV files: RFC 4180, UTF-8, a header row; amounts are decimal strings next to a currency column.</Text>
      {data.reports.map((r) => (
        <Box key={r.name} variant="card" p="lg" mb="md" flex flexDirection="row" alignItems="center" justifyContent="space-between" data-testid={`report-${r.name}`}>
          <Box mr="lg">
            <H5 mb="sm">{r.title}</H5>
            <Text color="grey60">{r.description}</Text>
          </Box>
          <Button as="a" variant="contained" href={valid ? href(r.name) : undefined} aria-disabled={!valid} download>
            Download CSV
          </Button>
        </Box>
      ))}
    </Box>
  );
};

export default Reports;
