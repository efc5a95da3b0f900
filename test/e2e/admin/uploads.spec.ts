import fs from 'node:fs/promises';
import { expect } from 'chai';
import { ADMIN_UPLOAD_DIR } from '../../../admin/index.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { createStaff, expectForbidden, signedIn, type AdminJsResponse } from './support.js';

describe('back office: files posted to forms', () => {
  beforeEach(resetDatabase);

  it('when staff post a file with a form, allowed or refused, then its temporary copy is gone once the answer is sent', async () => {
    const dir = ADMIN_UPLOAD_DIR;
    await fs.mkdir(dir, { recursive: true });
    const before = new Set(await fs.readdir(dir));
    const customer = await createCustomer();
    const post = async (role: 'finance' | 'admin') => {
      const agent = await signedIn(await createStaff(role));
      const res = await agent
        .post(`/admin/api/resources/customers/records/${customer.id}/edit`)
        .field('company', 'Renamed Ltd')
        .attach('upload', Buffer.from('%PDF-1.4 not really'), 'contract.pdf');
      return { status: res.status, body: res.body as AdminJsResponse };
    };
    expectForbidden(await post('finance'));
    expect((await post('admin')).body.record?.params.company).to.equal('Renamed Ltd');

    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      left = (await fs.readdir(dir)).filter((f) => !before.has(f));
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(left, 'temporary upload files left behind').to.deep.equal([]);
  });
});
