/** routing: routing policies and rules; plan(order, stock) → allocation plan with reasons (pure). See README.md. */
export type { Plan } from './domain/plan.js';
export { route, sellable, type RoutedPlan, type RouteLine, type RoutingLocation } from './domain/route.js';
export { defaultRule, matchPolicy, thresholdMinor, type RoutingPolicy, type RoutingRule } from './domain/policy.js';
export { policiesOf } from './db/policies.queries.js';
export { routingPolicyRoutes } from './http/routes.js';
export { PolicyBody } from './http/schemas.js';
