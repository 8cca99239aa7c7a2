/** routing: routing policies and rules; plan(order, stock) → allocation plan with reasons (pure). See README.md. */
export type { Plan } from './domain/plan.js';
export { route, sellable, type RoutedPlan, type RouteLine, type RoutingLocation } from './domain/route.js';
export { defaultRule, matchPolicy, thresholdMinor, type RoutingPolicy, type RoutingRule } from './domain/policy.js';
export { findPolicy, listPolicyRows, policiesOf } from './db/policies.queries.js';
export { putPolicy, removePolicy } from './use-cases/policies.js';
export { AvailabilityQuery, AvailabilityView, PolicyBody, PolicyView, policyView } from './http/schemas.js';
