/** Time comes in from the edge so domain code stays deterministic under test. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
