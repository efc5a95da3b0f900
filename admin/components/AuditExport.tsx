import React from 'react';
import { useLocation } from 'react-router';
import type { ActionProps } from 'adminjs';
import { Box, Button, Text } from '@adminjs/design-system';

/** The CSV download of the audit log with the list's current filters (`filters.*` of the URL). */
const AuditExport: React.FC<ActionProps> = ({ action }) => {
  const location = useLocation();
  const current = new URLSearchParams(location.search);
  const filters = new URLSearchParams();
  current.forEach((value, key) => {
    if (key.startsWith('filters.') && value) filters.append(key, value);
  });
  const href = `${String((action.custom as { href?: string }).href)}${filters.toString() ? `?${filters.toString()}` : ''}`;
  const described = [...filters.entries()].map(([key, value]) => `${key.slice('filters.'.length)} = ${value}`);
  return (
    <Box variant="container" data-testid="audit-export">
      <Text mb="lg">{described.length ? `Rows matching: ${described.join(', ')}` : 'Every row of the audit log (no filter set on the list).'}</Text>
      <Text mb="lg">CSV (RFC 4180, UTF-8, header row), newest first; before/after as JSON.</Text>
      <Button as="a" href={href} variant="contained" data-testid="audit-export-link">Download CSV</Button>
    </Box>
  );
};

export default AuditExport;
