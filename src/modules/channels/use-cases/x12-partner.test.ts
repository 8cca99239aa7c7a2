import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../../platform/errors.js';
import { readTradingPartner, tradingPartnerOf } from './x12-partner.js';

const complete = { partner_isa_qualifier: '01', partner_isa_id: '123456789', our_isa_qualifier: 'ZZ', our_isa_id: 'OMSSELLER' };

test('a trading partner from complete settings, with defaults', () => {
  assert.deepEqual(tradingPartnerOf(complete), {
    partner: { qualifier: '01', id: '123456789', gsId: '123456789' },
    us: { qualifier: 'ZZ', id: 'OMSSELLER', gsId: 'OMSSELLER' },
    send855: true,
    invoiceOnShipment: false,
    gs1CompanyPrefix: null,
  });
  const custom = tradingPartnerOf({ ...complete, partner_gs_id: '4405197800', our_gs_id: 'OMSGS', send_855: false, invoice_on_shipment: true, gs1_company_prefix: '0614141' });
  assert.deepEqual([custom.partner.gsId, custom.us.gsId, custom.send855, custom.invoiceOnShipment, custom.gs1CompanyPrefix], ['4405197800', 'OMSGS', false, true, '0614141']);
});

test('every missing or wrong setting is named', () => {
  const { errors } = readTradingPartner({ partner_isa_qualifier: 'zzz', partner_isa_id: 'THIS ID IS FAR TOO LONG', send_855: 'yes', gs1_company_prefix: '12' });
  assert.deepEqual(errors.map((e) => e.field).sort(), [
    'settings.gs1_company_prefix',
    'settings.our_isa_id',
    'settings.our_isa_qualifier',
    'settings.partner_isa_id',
    'settings.partner_isa_qualifier',
    'settings.send_855',
  ]);
  assert.throws(() => tradingPartnerOf({}), (e: unknown) => e instanceof DomainError && e.code === 'X12_PARTNER_SETTINGS_INVALID' && (e.errors?.length ?? 0) === 4);
});
