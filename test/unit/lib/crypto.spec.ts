import { expect } from 'chai';
import { decryptSecret, encryptSecret } from '../../../src/lib/crypto.js';

describe('secrets at rest', () => {
  it('when a secret is encrypted, then it decrypts to the same text and never stores it in clear', () => {
    const stored = encryptSecret('root-password-123');
    expect(stored).to.match(/^v1:/);
    expect(stored).not.to.contain('root-password-123');
    expect(decryptSecret(stored)).to.equal('root-password-123');
  });

  it('when the stored value is tampered with, then decryption fails', () => {
    const stored = encryptSecret('secret');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret('v1:' + raw.toString('base64'))).to.throw();
  });
});
