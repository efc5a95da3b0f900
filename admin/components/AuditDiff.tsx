import React from 'react';
import type { ShowPropertyProps } from 'adminjs';
import { Box, Label, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

/** Values of the flattened params under `prefix.` (`before.status` -> status), nested keys kept dotted. */
function valuesUnder(params: Record<string, unknown>, prefix: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(params)) if (key.startsWith(`${prefix}.`)) out.set(key.slice(prefix.length + 1), value);
  return out;
}

const shown = (value: unknown): string => (value === undefined ? '—' : value === null ? 'null' : typeof value === 'string' ? value : JSON.stringify(value));

/** An audit row's change: one line per key, the value before and after (added or removed keys show a dash). */
const AuditDiff: React.FC<ShowPropertyProps> = ({ record }) => {
  const params = record?.params ?? {};
  const before = valuesUnder(params, 'before');
  const after = valuesUnder(params, 'after');
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return (
    <Box mb="xl" data-testid="audit-diff">
      <Label>Changes</Label>
      {keys.length === 0 ? (
        <Text>No values recorded.</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>Field</TableCell>
              <TableCell>Before</TableCell>
              <TableCell>After</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key}>
                <TableCell>{key}</TableCell>
                <TableCell>{shown(before.get(key))}</TableCell>
                <TableCell>{shown(after.get(key))}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default AuditDiff;
