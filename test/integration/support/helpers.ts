import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemCtx, type Ctx } from '../../../src/lib/context.js';
import type { Customer, User } from '../../../src/models/index.js';

/** Bytes that start like each kind of file. */
export const FILES = {
  png: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'), Buffer.alloc(64, 1)]),
  jpeg: Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(64, 2)]),
  gif: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'),
  zip: Buffer.from('504b0506000000000000000000000000000000000000', 'hex'),
  text: Buffer.from('2025-03-01 10:00:00 kernel: boot failed\n'),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from('PE\0\0')]),
  elf: Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(32, 0)]),
  script: Buffer.from('#!/bin/sh\nrm -rf /\n'),
};

/** A fresh DATA_DIR for stored attachments. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ezscale-attachments-'));
}

export function customerCtx(customer: Customer): Ctx {
  return systemCtx({ actor: { type: 'customer', userId: customer.userId, ip: '203.0.113.50' } });
}

export function staffCtx(staff: User): Ctx {
  return systemCtx({ actor: { type: 'staff', userId: staff.id, role: staff.role as 'admin' | 'support' } });
}

/** The AppError code a promise rejects with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  throw new Error('expected a rejection');
}
