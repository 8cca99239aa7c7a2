/** sourcing: where each order line is filled from. Pure: plan(order, stock) → allocation plan with reasons. */
export { planAllocation, type Plan, type PlanLine, type PlannedAllocation, type StockAtLocation } from './domain/plan.js';
