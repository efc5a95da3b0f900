import type { WhmcsEntity } from './import-map.js';

interface Counts {
  imported: number;
  already: number;
}

/** What an import run did: per entity, rows imported and rows found imported before, and every row left out and why. */
export class ImportReport {
  readonly counts: Record<WhmcsEntity, Counts> = {
    client: { imported: 0, already: 0 },
    product: { imported: 0, already: 0 },
    addon: { imported: 0, already: 0 },
    service: { imported: 0, already: 0 },
    service_addon: { imported: 0, already: 0 },
    department: { imported: 0, already: 0 },
    ticket: { imported: 0, already: 0 },
  };
  readonly problems: Array<{ entity: WhmcsEntity; whmcsId: number; reason: string }> = [];

  imported(entity: WhmcsEntity): void {
    this.counts[entity].imported += 1;
  }

  already(entity: WhmcsEntity): void {
    this.counts[entity].already += 1;
  }

  problem(entity: WhmcsEntity, whmcsId: number, reason: string): void {
    this.problems.push({ entity, whmcsId, reason });
  }

  /** Lines for the terminal. */
  lines(): string[] {
    const out = (Object.keys(this.counts) as WhmcsEntity[]).map((e) => `${e.replace('_', ' ')}s: ${this.counts[e].imported} imported, ${this.counts[e].already} already imported`);
    out.push(`${this.problems.length} left out${this.problems.length ? ':' : ''}`);
    for (const p of this.problems) out.push(`  ${p.entity.replace('_', ' ')} #${p.whmcsId}: ${p.reason}`);
    return out;
  }
}
