import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H5, Loader, MessageBox, Text } from '@adminjs/design-system';
import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

/** Mirrors DashboardData in admin/dashboard.ts (components are bundled separately and cannot import it). */
interface DashboardData {
  counts: { customers: number | null; activeSubscriptions: number | null; openInvoices: number | null; openTickets: number | null };
  newCustomers: Array<{ day: string; count: number }>;
}

const api = new ApiClient();

const STATS: Array<{ key: keyof DashboardData['counts']; label: string }> = [
  { key: 'customers', label: 'Customers' },
  { key: 'activeSubscriptions', label: 'Active subscriptions' },
  { key: 'openInvoices', label: 'Open invoices' },
  { key: 'openTickets', label: 'Open tickets' },
];

const Stat: React.FC<{ label: string; value: number | null }> = ({ label, value }) => (
  <Box variant="card" flex flexDirection="column" flexGrow={1} m="sm" p="lg" data-testid={`stat-${label}`}>
    <Text color="grey60">{label}</Text>
    <H2 mb={0}>{value === null ? '—' : value.toLocaleString('en-US')}</H2>
  </Box>
);

/** The back-office home: headline counts and new customers per day over the last 30 days. */
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

  const chart = {
    labels: data.newCustomers.map((d) => d.day.slice(5)),
    datasets: [{ label: 'New customers', data: data.newCustomers.map((d) => d.count), backgroundColor: '#3040d6' }],
  };
  return (
    <Box p="xl">
      <H2>Dashboard</H2>
      <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
        {STATS.map((s) => (
          <Stat key={s.key} label={s.label} value={data.counts[s.key]} />
        ))}
      </Box>
      <Box variant="card" mt="lg" p="lg">
        <H5>New customers per day (last 30 days)</H5>
        <Bar
          data={chart}
          options={{ responsive: true, aspectRatio: 3, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }}
          aria-label="New customers per day"
          role="img"
        />
      </Box>
    </Box>
  );
};

export default Dashboard;
