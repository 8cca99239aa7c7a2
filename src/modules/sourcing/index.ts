/** sourcing: routing policies and rules; plan(order, stock) → allocation plan with reasons (pure). See README.md. */
export { planAllocation, type Plan, type PlanLine, type PlannedAllocation, type StockAtLocation, type SplitPolicy } from './domain/plan.js';
export { route, sellable, shippingCostIndex, type RoutedPlan, type RouteContext, type RouteLine, type RouteOrder, type RoutingLocation } from './domain/route.js';
export { defaultRule, matchPolicy, thresholdMinor, type RoutingPolicy, type RoutingRule, type PolicyScope } from './domain/policy.js';
export { findPolicy, listPolicyRows, policiesOf } from './db/policies.queries.js';
export { putPolicy, removePolicy } from './use-cases/policies.js';
export { AvailabilityQuery, AvailabilityView, PolicyBody, PolicyView, policyView } from './http/schemas.js';
