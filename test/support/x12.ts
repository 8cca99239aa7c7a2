/** An X12 850 interchange (004010, `*` elements, `~` segments) from IMPBUYER to IMPSELLER: one purchase order per PO. */
export function interchange(control: number, pos: { po: string; sku: string; quantity: number; price: string }[]): string {
  const isa = `ISA*00*          *00*          *ZZ*${'IMPBUYER'.padEnd(15)}*ZZ*${'IMPSELLER'.padEnd(15)}*261127*0350*U*00401*${String(control).padStart(9, '0')}*0*P*:~`;
  const sets = pos.map((p, i) => {
    const st = String(i + 1).padStart(4, '0');
    const body = [`ST*850*${st}`, `BEG*00*SA*${p.po}**20261125`, 'N1*ST*IMPORT DC', 'N3*100 MAIN ST', 'N4*SPRINGFIELD*IL*62701*US', `PO1*1*${p.quantity}*EA*${p.price}**SK*${p.sku}`, 'CTT*1'];
    return [...body, `SE*${body.length + 1}*${st}`].join('~\n');
  });
  return `${isa}\nGS*PO*IMPBUYER*IMPSELLER*20261127*0350*${control}*X*004010~\n${sets.join('~\n')}~\nGE*${pos.length}*${control}~\nIEA*1*${String(control).padStart(9, '0')}~\n`;
}

/** The channel settings of the trading partner `interchange` writes for. */
export const IMPORT_PARTNER = { partner_isa_qualifier: 'ZZ', partner_isa_id: 'IMPBUYER', our_isa_qualifier: 'ZZ', our_isa_id: 'IMPSELLER' };
