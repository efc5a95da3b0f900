import React, { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiClient, ViewHelpers, type ActionProps } from 'adminjs';
import { Box, H4, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

/** Mirrors OverviewSection of admin/customer-overview.ts (components are bundled separately). */
interface Section {
  key: string;
  title: string;
  columns: string[];
  rows: Array<{ id: number; cells: string[]; resourceId: string }>;
}

const api = new ApiClient();
const helpers = new ViewHelpers();

/** A customer's detail: services, subscriptions, invoices, payments, tickets, notes and audit trail. */
const CustomerOverview: React.FC<ActionProps> = ({ resource, record }) => {
  const [sections, setSections] = useState<Section[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!record) return;
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'overview' })
      .then((res) => setSections(((res.data as { sections?: Section[] }).sections) ?? []))
      .catch((err: Error) => setError(err.message));
  }, [resource.id, record?.id]);

  if (error) return <MessageBox variant="danger" message={error} />;
  if (!sections) return <Loader />;
  return (
    <Box data-testid="customer-overview">
      {sections.map((section) => (
        <Box key={section.key} variant="container" mb="xl" data-testid={`overview-${section.key}`}>
          <H4>{`${section.title} (${section.rows.length})`}</H4>
          {section.rows.length === 0 ? (
            <Text>None.</Text>
          ) : (
            <Table>
              <TableHead>
                <TableRow>{section.columns.map((c) => <TableCell key={c}>{c}</TableCell>)}</TableRow>
              </TableHead>
              <TableBody>
                {section.rows.map((row) => (
                  <TableRow key={row.id}>
                    {row.cells.map((cell, i) => (
                      <TableCell key={i}>
                        {i === 0 ? <Link to={helpers.recordActionUrl({ resourceId: row.resourceId, recordId: String(row.id), actionName: 'show' })}>{cell}</Link> : cell}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      ))}
    </Box>
  );
};

export default CustomerOverview;
