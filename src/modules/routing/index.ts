/** routing: routing policies and rules; plan(order, stock) → allocation plan with reasons (pure). See README.md. */
export { planAllocation, type Plan, type PlanLine, type PlannedAllocation, type StockAtLocation, type SplitPolicy } from './domain/plan.js';
export { route, sellable, shippingCostIndex, type RoutedPlan, type RouteContext, type RouteLine, type RouteOrder, type RoutingLocation } from './domain/route.js';
export { defaultRule, matchPolicy, thresholdMinor, type RoutingPolicy, type RoutingRule, type PolicyScope } from './domain/policy.js';
export { policiesOf } from './db/policies.queries.js';
export { routingPolicyRoutes } from './http/routes.js';
export { PolicyBody } from './http/schemas.js';
