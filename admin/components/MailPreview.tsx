import React from 'react';
import type { ShowPropertyProps } from 'adminjs';
import { Box, Label, Text } from '@adminjs/design-system';

/** A captured mail as sent: the HTML part in a sandboxed frame (no scripts, no same origin), the text part below. */
const MailPreview: React.FC<ShowPropertyProps> = ({ record }) => {
  const html = typeof record?.params.html === 'string' ? record.params.html : '';
  const text = typeof record?.params.text === 'string' ? record.params.text : '';
  return (
    <Box mb="xl" data-testid="mail-preview">
      <Label>Message</Label>
      {html ? <iframe title="HTML part" sandbox="" srcDoc={html} style={{ width: '100%', height: 480, border: '1px solid #ddd', background: '#fff' }} /> : null}
      {text ? <Text as="pre" mt="lg" style={{ whiteSpace: 'pre-wrap' }}>{text}</Text> : null}
      {!html && !text ? <Text>No body was captured.</Text> : null}
    </Box>
  );
};

export default MailPreview;
