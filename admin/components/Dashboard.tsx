import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H5, Loader, MessageBox, Text } from '@adminjs/design-system';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

/** Mirrors DashboardData in admin/dashboard.ts and DashboardFigures in src/analytics (components are bundled separately). */
interface Movement {
  month: string; start: number; new: number; expansion: number; contraction: number; churn: number; reactivation: number; end: number;
  customersStart: number; customersEnd: number; newCustomers: number; reactivatedCustomers: number; churnedCustomers: number;
  customerChurnBp: number | null; revenueChurnBp: number | null;
}
interface Figures {
  asOf: string; baseCurrency: string; exponent: number; unconverted: string[];
  mrr: number; arr: number; mrrByCurrency: Array<{ currency: string; mrr: number; arr: number }>; payingCustomers: number;
  movements: Movement[];
  revenue: { days: Array<{ day: string; amount: number }>; months: Array<{ month: string; amount: number }>; years: Array<{ year: string; amount: number }> };
  receivables: Array<{ currency: string; outstanding: number; overdue: number; openInvoices: number; overdueInvoices: number }>;
  outstanding: number; overdue: number;
  overdueAccounts: Array<{ customerId: number; name: string; email: string; currency: string; overdue: number; invoices: number; oldestDueAt: string }>;
  signups: Array<{ month: string; count: number }>;
  cohorts: Array<{ month: string; size: number; retainedBp: Array<number | null> }>;
  lifetimeValue: { arpa: number | null; monthlyChurnBp: number | null; value: number | null };
  operations: {
    provisioningFailures: { services: number; tasks: number }; openTickets: number;
    popularPlans: Array<{ planId: number; name: string; type: string; subscriptions: number }>;
    orders: { placed: number; completed: number; conversionBp: number | null };
  };
}
interface DashboardData {
  counts: { customers: number | null; activeSubscriptions: number | null; openInvoices: number | null; openTickets: number | null };
  newCustomers: Array<{ day: string; count: number }>;
  figures: Figures;
}

const api = new ApiClient();
const EXPONENTS: Record<string, number> = { JPY: 0 };

/** Minor units as text with thousands separators, from the integer (no float rounding): 123456 USD -> "USD 1,234.56". */
function money(minor: number, currency: string, exponent = EXPONENTS[currency] ?? 2): string {
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '-' : ''}${currency} ${grouped}${exponent ? `.${digits.slice(-exponent)}` : ''}`;
}
/** Basis points as a percentage with two decimals. */
const percent = (bp: number | null): string => (bp === null ? '—' : `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')} %`);
/** Major units for chart axes only (display). */
const major = (minor: number, exponent: number): number => minor / 10 ** exponent;

const Stat: React.FC<{ label: string; value: string; hint?: string }> = ({ label, value, hint }) => (
  <Box variant="card" flex flexDirection="column" flexGrow={1} m="sm" p="lg" data-testid={`stat-${label}`} style={{ minWidth: 180 }}>
    <Text color="grey60">{label}</Text>
    <H2 mb={0}>{value}</H2>
    {hint && <Text color="grey60" mt="sm">{hint}</Text>}
  </Box>
);

const Card: React.FC<{ title: string; children: React.ReactNode; testId?: string; wide?: boolean }> = ({ title, children, testId, wide }) => (
  <Box variant="card" m="sm" p="lg" flexGrow={1} data-testid={testId} style={{ flexBasis: wide ? '100%' : 420, minWidth: 320 }}>
    <H5>{title}</H5>
    {children}
  </Box>
);

const COLORS = { new: '#2f9e44', expansion: '#74b816', reactivation: '#1c7ed6', contraction: '#f59f00', churn: '#e03131', line: '#3040d6' };
const count = (n: number | null): string => (n === null ? '—' : n.toLocaleString('en-US'));

/** The back-office home: MRR and its movements, churn, growth, revenue, receivables, cohorts and operations. */
const Dashboard: React.FC = () => {
  const [data, setData] = useState<DashboardData | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api
      .getDashboard<DashboardData>()
      .then((response) => setData(response.data))
      .catch(() => setFailed(true));
  }, []);

  if (failed) return <MessageBox m="xl" variant="danger" message="The dashboard could not be loaded." />;
  if (!data) return <Loader />;
  const f = data.figures;
  const cur = f.baseCurrency;
  const m = (minor: number) => money(minor, cur, f.exponent);
  const axis = (minor: number) => major(minor, f.exponent);
  const months = f.movements.map((x) => x.month);
  const small = { responsive: true, aspectRatio: 2.2, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } };

  return (
    <Box p="xl">
      <H2>Dashboard</H2>
      <Text color="grey60" mb="lg">Figures in {cur} at the FX rate of each day, as of {f.asOf.slice(0, 16).replace('T', ' ')} UTC.</Text>
      {f.unconverted.length > 0 && <MessageBox mb="lg" variant="warning" message={`No FX rate to ${cur} for ${f.unconverted.join(', ')}: left out of ${cur} totals.`} />}
      <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
        <Stat label="MRR" value={m(f.mrr)} hint={f.mrrByCurrency.map((c) => money(c.mrr, c.currency)).join(' · ')} />
        <Stat label="ARR" value={m(f.arr)} />
        <Stat label="Paying customers" value={count(f.payingCustomers)} />
        <Stat label="Customers" value={count(data.counts.customers)} />
        <Stat label="Active subscriptions" value={count(data.counts.activeSubscriptions)} />
        <Stat label="Outstanding" value={m(f.outstanding)} hint={`${count(data.counts.openInvoices)} open invoices`} />
        <Stat label="Overdue" value={m(f.overdue)} />
        <Stat label="Open tickets" value={count(f.operations.openTickets)} />
        <Stat label="Provisioning failures" value={count(f.operations.provisioningFailures.services)} hint={`${f.operations.provisioningFailures.tasks} failed tasks in 30 days`} />
        <Stat label="Order conversion" value={percent(f.operations.orders.conversionBp)} hint={`${f.operations.orders.completed} of ${f.operations.orders.placed} orders in 30 days`} />
        <Stat label="Customer lifetime value" value={f.lifetimeValue.value === null ? '—' : m(f.lifetimeValue.value)} hint={`ARPA ${f.lifetimeValue.arpa === null ? '—' : m(f.lifetimeValue.arpa)}, churn ${percent(f.lifetimeValue.monthlyChurnBp)} a month`} />
      </Box>
      <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
        <Card title={`MRR movements (${cur})`} testId="chart-mrr-movements">
          <Bar
            data={{
              labels: months,
              datasets: [
                { label: 'New', data: f.movements.map((x) => axis(x.new)), backgroundColor: COLORS.new, stack: 'm' },
                { label: 'Expansion', data: f.movements.map((x) => axis(x.expansion)), backgroundColor: COLORS.expansion, stack: 'm' },
                { label: 'Reactivation', data: f.movements.map((x) => axis(x.reactivation)), backgroundColor: COLORS.reactivation, stack: 'm' },
                { label: 'Contraction', data: f.movements.map((x) => -axis(x.contraction)), backgroundColor: COLORS.contraction, stack: 'm' },
                { label: 'Churn', data: f.movements.map((x) => -axis(x.churn)), backgroundColor: COLORS.churn, stack: 'm' },
              ],
            }}
            options={{ responsive: true, aspectRatio: 2.2, scales: { x: { stacked: true }, y: { stacked: true } } }}
            aria-label="MRR movements by month" role="img"
          />
        </Card>
        <Card title={`MRR at month end (${cur})`} testId="chart-mrr">
          <Line data={{ labels: months, datasets: [{ label: 'MRR', data: f.movements.map((x) => axis(x.end)), borderColor: COLORS.line, backgroundColor: COLORS.line }] }} options={small} aria-label="MRR by month" role="img" />
        </Card>
        <Card title="Churn rate per month (%)" testId="chart-churn">
          <Line
            data={{
              labels: months,
              datasets: [
                { label: 'Customer churn', data: f.movements.map((x) => (x.customerChurnBp ?? 0) / 100), borderColor: COLORS.churn, backgroundColor: COLORS.churn },
                { label: 'Revenue churn', data: f.movements.map((x) => (x.revenueChurnBp ?? 0) / 100), borderColor: COLORS.contraction, backgroundColor: COLORS.contraction },
              ],
            }}
            options={{ responsive: true, aspectRatio: 2.2, scales: { y: { beginAtZero: true } } }}
            aria-label="Customer and revenue churn by month" role="img"
          />
        </Card>
        <Card title="Customer growth" testId="chart-growth">
          <Bar
            data={{
              labels: months,
              datasets: [
                { label: 'Sign-ups', data: f.signups.map((x) => x.count), backgroundColor: COLORS.reactivation },
                { label: 'Paying at month end', data: f.movements.map((x) => x.customersEnd), backgroundColor: COLORS.new },
              ],
            }}
            options={{ responsive: true, aspectRatio: 2.2, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }}
            aria-label="Sign-ups and paying customers by month" role="img"
          />
        </Card>
        <Card title={`Revenue per day, last 30 days (${cur})`} testId="chart-revenue-days">
          <Bar data={{ labels: f.revenue.days.map((d) => d.day.slice(5)), datasets: [{ label: 'Revenue', data: f.revenue.days.map((d) => axis(d.amount)), backgroundColor: COLORS.line }] }} options={small} aria-label="Revenue per day" role="img" />
        </Card>
        <Card title={`Revenue per month (${cur})`} testId="chart-revenue-months">
          <Bar data={{ labels: f.revenue.months.map((d) => d.month), datasets: [{ label: 'Revenue', data: f.revenue.months.map((d) => axis(d.amount)), backgroundColor: COLORS.line }] }} options={small} aria-label="Revenue per month" role="img" />
        </Card>
        <Card title={`Revenue per year (${cur})`} testId="chart-revenue-years">
          <Bar data={{ labels: f.revenue.years.map((d) => d.year), datasets: [{ label: 'Revenue', data: f.revenue.years.map((d) => axis(d.amount)), backgroundColor: COLORS.line }] }} options={small} aria-label="Revenue per year" role="img" />
        </Card>
        <Card title="Popular plans (subscriptions)" testId="chart-plans">
          <Bar
            data={{ labels: f.operations.popularPlans.map((p) => `${p.name} (${p.type})`), datasets: [{ label: 'Subscriptions', data: f.operations.popularPlans.map((p) => p.subscriptions), backgroundColor: COLORS.new }] }}
            options={{ ...small, indexAxis: 'y' as const, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
            aria-label="Subscriptions per plan" role="img"
          />
        </Card>
        <Card title="New customers per day (last 30 days)" testId="chart-new-customers">
          <Bar data={{ labels: data.newCustomers.map((d) => d.day.slice(5)), datasets: [{ label: 'New customers', data: data.newCustomers.map((d) => d.count), backgroundColor: '#3040d6' }] }} options={{ ...small, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }} aria-label="New customers per day" role="img" />
        </Card>
        <Card title="Cohort retention (paying customers by sign-up month)" testId="cohorts" wide>
          <table style={{ borderCollapse: 'collapse', fontSize: 13, width: '100%' }}>
            <thead>
              <tr>
                <th style={{ textAlign: 'left', padding: 4 }}>Sign-up month</th>
                <th style={{ textAlign: 'right', padding: 4 }}>Customers</th>
                {f.cohorts.map((_, k) => <th key={k} style={{ textAlign: 'right', padding: 4 }}>M{k}</th>)}
              </tr>
            </thead>
            <tbody>
              {f.cohorts.map((c) => (
                <tr key={c.month}>
                  <td style={{ padding: 4 }}>{c.month}</td>
                  <td style={{ textAlign: 'right', padding: 4 }}>{c.size}</td>
                  {f.cohorts.map((_, k) => {
                    const bp = c.retainedBp[k];
                    const shade = bp === undefined || bp === null ? 'transparent' : `rgba(48, 64, 214, ${Math.min(1, bp / 10000) * 0.6 + 0.05})`;
                    return <td key={k} style={{ textAlign: 'right', padding: 4, background: shade }}>{bp === undefined ? '' : percent(bp)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Overdue accounts" testId="overdue-accounts" wide>
          {f.overdueAccounts.length === 0 ? (
            <Text>No customer is overdue.</Text>
          ) : (
            <table style={{ borderCollapse: 'collapse', fontSize: 13, width: '100%' }}>
              <thead>
                <tr><th style={{ textAlign: 'left', padding: 4 }}>Customer</th><th style={{ textAlign: 'left', padding: 4 }}>Email</th><th style={{ textAlign: 'right', padding: 4 }}>Invoices</th><th style={{ textAlign: 'right', padding: 4 }}>Overdue</th><th style={{ textAlign: 'left', padding: 4 }}>Oldest due</th></tr>
              </thead>
              <tbody>
                {f.overdueAccounts.map((a) => (
                  <tr key={`${a.customerId}-${a.currency}`}>
                    <td style={{ padding: 4 }}><a href={`/admin/resources/customers/records/${a.customerId}/show`}>{a.name || `#${a.customerId}`}</a></td>
                    <td style={{ padding: 4 }}>{a.email}</td>
                    <td style={{ textAlign: 'right', padding: 4 }}>{a.invoices}</td>
                    <td style={{ textAlign: 'right', padding: 4 }}>{money(a.overdue, a.currency)}</td>
                    <td style={{ padding: 4 }}>{a.oldestDueAt.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </Box>
    </Box>
  );
};

export default Dashboard;
