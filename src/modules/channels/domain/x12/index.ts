// X12 EDI domain: pure parsing, mapping and building. No I/O, no clock: time and control numbers come in as arguments.
export * from './types.js';
export * from './interchange.js';
export * from './writer.js';
export * from './po850.js';
export * from './ack997.js';
export * from './ack855.js';
export * from './ship-notice856.js';
export * from './invoice810.js';
