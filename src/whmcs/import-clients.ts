import { grantCredit } from '../billing/credit/grant-credit.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { CURRENCY_CODES, type CurrencyCode } from '../models/enums.js';
import { Customer, User } from '../models/index.js';
import { localIdOf, rememberImport } from './import-map.js';
import type { ImportReport } from './report.js';
import { allRows, type WhmcsRow, type WhmcsSource } from './source.js';
import { amountMinor, date, int, text } from './values.js';

/** WHMCS currency ids -> our currency codes (currencies we do not support are left out). */
export async function loadCurrencies(source: WhmcsSource): Promise<Map<number, CurrencyCode>> {
  const map = new Map<number, CurrencyCode>();
  for await (const row of allRows(source, 'tblcurrencies')) {
    const code = text(row, 'code', 3)?.toUpperCase();
    if (code && (CURRENCY_CODES as readonly string[]).includes(code)) map.set(int(row, 'id'), code as CurrencyCode);
  }
  return map;
}

/** The sign-in identity of a client: its owner in tblusers (WHMCS 8), else the client row itself (older data). */
async function ownerOf(source: WhmcsSource, client: WhmcsRow): Promise<{ email: string | null; hash: string | null; firstName: string | null; lastName: string | null; verifiedAt: Date | null }> {
  const links = await source.where('tblusers_clients', 'client_id', int(client, 'id')).catch(() => [] as WhmcsRow[]);
  const link = links.find((l) => int(l, 'owner') === 1) ?? links[0];
  const user = link ? (await source.where('tblusers', 'id', int(link, 'auth_user_id')))[0] : undefined;
  if (user) {
    return { email: text(user, 'email'), hash: text(user, 'password', 255), firstName: text(user, 'first_name', 100), lastName: text(user, 'last_name', 100), verifiedAt: date(user, 'email_verified_at') };
  }
  return { email: text(client, 'email'), hash: text(client, 'password', 255), firstName: text(client, 'firstname', 100), lastName: text(client, 'lastname', 100), verifiedAt: null };
}

const COUNTRY = /^[A-Z]{2}$/;

/**
 * Imports each WHMCS client as a user + customer: contact and billing details, tax facts, currency, status and the
 * password hash kept as a legacy hash (bcrypt or salted MD5) that is checked once at the first sign-in and replaced
 * by argon2id. A client whose email already has an account here is reported, not merged. Credit balances become a
 * credit grant on the ledger (once per client, whatever the number of runs).
 */
export async function importClients(source: WhmcsSource, currencies: Map<number, CurrencyCode>, report: ImportReport, ctx: Ctx): Promise<void> {
  for await (const client of allRows(source, 'tblclients')) {
    const whmcsId = int(client, 'id');
    const currency = currencies.get(int(client, 'currency'));
    if (!currency) {
      report.problem('client', whmcsId, 'its currency is not one we bill in');
      continue;
    }
    let customerId = await localIdOf('client', whmcsId);
    if (customerId) report.already('client');
    else {
      const owner = await ownerOf(source, client);
      if (!owner.email || !/^[^\s@]+@[^\s@]+$/.test(owner.email)) {
        report.problem('client', whmcsId, 'it has no valid email address');
        continue;
      }
      if (await User.findOne({ where: { email: owner.email.toLowerCase() }, attributes: ['id'] })) {
        report.problem('client', whmcsId, `an account with ${owner.email} already exists here`);
        continue;
      }
      const country = text(client, 'country', 2)?.toUpperCase() ?? null;
      try {
        customerId = await inTransaction(ctx, async (transaction) => {
          const user = await User.create(
            {
              email: owner.email!,
              role: 'customer',
              firstName: owner.firstName,
              lastName: owner.lastName,
              passwordHash: null,
              legacyPasswordHash: owner.hash,
              legacyHashAlgo: owner.hash ? (/^\$2[aby]\$/.test(owner.hash) ? 'bcrypt' : 'md5') : null,
              emailVerifiedAt: owner.verifiedAt,
            },
            { transaction },
          );
          const customer = await Customer.create(
            {
              userId: user.id,
              status: text(client, 'status') === 'Closed' ? 'closed' : 'active',
              company: text(client, 'companyname', 191),
              phone: text(client, 'phonenumber', 40),
              billingLine1: text(client, 'address1', 191),
              billingLine2: text(client, 'address2', 191),
              billingCity: text(client, 'city', 100),
              billingRegion: text(client, 'state', 100),
              billingPostalCode: text(client, 'postcode', 20),
              billingCountry: country && COUNTRY.test(country) ? country : null,
              taxId: text(client, 'tax_id', 64),
              taxExempt: int(client, 'taxexempt') === 1,
              isBusiness: Boolean(text(client, 'companyname')),
              currency,
              createdAt: date(client, 'datecreated') ?? ctx.now,
            },
            { transaction },
          );
          await rememberImport('client', whmcsId, customer.id, transaction);
          return customer.id;
        });
        report.imported('client');
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        report.already('client');
        customerId = await localIdOf('client', whmcsId);
      }
    }
    const credit = amountMinor(client, 'credit', currency);
    if (customerId && credit > 0) {
      await grantCredit({ customerId, amountMinor: credit, currency, reason: 'Credit balance carried over from WHMCS', idempotencyKey: `whmcs:credit:${whmcsId}` }, ctx);
    }
  }
}
