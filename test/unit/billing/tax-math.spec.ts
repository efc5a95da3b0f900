import { expect } from 'chai';
import fc from 'fast-check';
import { type TaxRate, EU_MEMBER_STATES, isEuMember, resolveTaxTreatment, taxForLine, taxLines } from '../../../src/billing/tax-math.js';
import { minorArb, rateBpArb, usd } from './arbitraries.js';

const rates: TaxRate[] = [
  { id: 1, name: 'VAT NL', country: 'NL', rateBp: 2100 },
  { id: 2, name: 'MwSt DE', country: 'DE', rateBp: 1900 },
  { id: 3, name: 'Sales tax US', country: 'US', rateBp: 0 },
  { id: 4, name: 'Sales tax NY', country: 'US', region: 'NY', rateBp: 400 },
  { id: 5, name: 'GST/HST ON', country: 'CA', region: 'ON', rateBp: 1300 },
];
const nlSeller = { sellerCountry: 'NL', customerIsBusiness: false, customerTaxExempt: false, rates };

describe('billing / tax math', () => {
  describe('per-line tax', () => {
    it('when prices exclude tax, then tax is added on top and rounded half away from zero per line', () => {
      const line = taxForLine(usd(1000), 2000, 'exclusive');
      expect([line.net.minor, line.tax.minor, line.gross.minor]).to.deep.equal([1000, 200, 1200]);
      expect(taxForLine(usd(1), 5000, 'exclusive').tax.minor).to.equal(1);
      expect(taxForLine(usd(-1), 5000, 'exclusive').tax.minor).to.equal(-1);
      expect(taxForLine(usd(999), 0, 'exclusive').tax.minor).to.equal(0);
    });

    it('when prices include tax, then the tax is taken out of the line amount', () => {
      const line = taxForLine(usd(1200), 2000, 'inclusive');
      expect([line.net.minor, line.tax.minor, line.gross.minor]).to.deep.equal([1000, 200, 1200]);
      const de = taxForLine(usd(1000), 1900, 'inclusive');
      expect([de.net.minor, de.tax.minor]).to.deep.equal([840, 160]);
      expect(taxForLine(usd(1), 10_000, 'inclusive').net.minor).to.equal(1);
    });

    it('when a rate or a mode is invalid, then it is refused', () => {
      expect(() => taxForLine(usd(100), -1, 'exclusive')).to.throw(/0 to 10000/);
      expect(() => taxForLine(usd(100), 10_001, 'exclusive')).to.throw(/0 to 10000/);
      expect(() => taxForLine(usd(100), 19.5, 'exclusive')).to.throw(/safe integer/);
      expect(() => taxForLine(usd(100), 1900, 'gross' as 'exclusive')).to.throw(/Unknown tax mode/);
    });

    it('when lines have no rate, then they are untaxed', () => {
      const [a, b] = taxLines([{ amount: usd(500), rateBp: null }, { amount: usd(500), rateBp: 1000 }], 'exclusive');
      expect([a.tax.minor, b.tax.minor]).to.deep.equal([0, 50]);
    });

    it('when any line is taxed, then net + tax = gross, the tax is within half a cent, and credits mirror charges', () => {
      fc.assert(
        fc.property(minorArb(), rateBpArb, fc.constantFrom('exclusive' as const, 'inclusive' as const), (m, bp, mode) => {
          const line = taxForLine(usd(m), bp, mode);
          expect(line.net.minor + line.tax.minor).to.equal(line.gross.minor);
          expect(mode === 'exclusive' ? line.net.minor : line.gross.minor).to.equal(m);
          const exactTax = mode === 'exclusive' ? (m * bp) / 10_000 : m - (m * 10_000) / (10_000 + bp);
          expect(Math.abs(line.tax.minor - exactTax)).to.be.at.most(0.5 + 1e-6);
          const mirror = taxForLine(usd(-m), bp, mode);
          expect(mirror.tax.minor).to.equal(-line.tax.minor || 0);
        }),
      );
    });
  });

  describe('which tax applies', () => {
    it('when the customer is tax exempt, then no tax applies whatever the country', () => {
      expect(resolveTaxTreatment({ ...nlSeller, customerCountry: 'NL', customerTaxExempt: true })).to.deep.equal({ kind: 'exempt' });
    });

    it('when a business with a VAT number is in another EU member state, then VAT is reverse charged', () => {
      const treatment = resolveTaxTreatment({ ...nlSeller, customerCountry: 'de', customerIsBusiness: true, customerVatId: 'DE123456789' });
      expect(treatment).to.deep.equal({ kind: 'reverse_charge' });
      const fromUs = resolveTaxTreatment({ ...nlSeller, sellerCountry: 'US', customerCountry: 'GR', customerIsBusiness: true, customerVatId: 'EL123' });
      expect(fromUs.kind).to.equal('reverse_charge');
    });

    it('when a business is in the seller country or has no VAT number, then the standard rate applies', () => {
      const domestic = resolveTaxTreatment({ ...nlSeller, customerCountry: 'NL', customerIsBusiness: true, customerVatId: 'NL1B01' });
      expect(domestic).to.deep.include({ kind: 'standard' });
      expect(domestic.kind === 'standard' && domestic.rate.rateBp).to.equal(2100);
      const noVat = resolveTaxTreatment({ ...nlSeller, customerCountry: 'DE', customerIsBusiness: true, customerVatId: '  ' });
      expect(noVat.kind === 'standard' && noVat.rate.name).to.equal('MwSt DE');
    });

    it('when an EU consumer buys, then the rate of their own country applies', () => {
      const t = resolveTaxTreatment({ ...nlSeller, customerCountry: 'DE' });
      expect(t.kind === 'standard' && t.rate.rateBp).to.equal(1900);
    });

    it('when a region has its own rate, then it beats the country-wide rate', () => {
      const ny = resolveTaxTreatment({ ...nlSeller, sellerCountry: 'US', customerCountry: 'US', customerRegion: 'ny' });
      expect(ny.kind === 'standard' && ny.rate.name).to.equal('Sales tax NY');
      const tx = resolveTaxTreatment({ ...nlSeller, sellerCountry: 'US', customerCountry: 'US', customerRegion: 'TX' });
      expect(tx.kind === 'standard' && tx.rate.name).to.equal('Sales tax US');
      const bc = resolveTaxTreatment({ ...nlSeller, sellerCountry: 'US', customerCountry: 'CA', customerRegion: 'BC' });
      expect(bc).to.deep.equal({ kind: 'none' });
    });

    it('when no rate is configured for the country, then no tax applies', () => {
      expect(resolveTaxTreatment({ ...nlSeller, customerCountry: 'JP' })).to.deep.equal({ kind: 'none' });
    });

    it('when the EU member list is read, then it holds the 27 member states and not the UK', () => {
      expect(EU_MEMBER_STATES).to.have.length(27);
      expect(new Set(EU_MEMBER_STATES).size).to.equal(27);
      expect(isEuMember('gr')).to.equal(true);
      expect(isEuMember('GB')).to.equal(false);
    });
  });
});
