/** channels: orders in from every place a merchant sells, acknowledgements out. See README.md. So far: the X12 EDI domain (parse, 850 → purchase order, 997, 855). */
export * from './domain/x12/index.js';
