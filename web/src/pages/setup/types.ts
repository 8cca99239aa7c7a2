import type { paths } from '../../api/schema';

/** Names for the set-up screens' shapes, all derived from the generated schema (docs/openapi.json). */
type Json<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number = 200> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer T } } } } ? T : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P][M] extends { requestBody: { content: { 'application/json': infer T } } } ? T : never;

export type Location = Json<'/v1/locations/{id}', 'get'>;
export type LocationCreate = Body<'/v1/locations', 'post'>;
export type LocationPatch = Body<'/v1/locations/{id}', 'patch'>;
export type Address = NonNullable<Location['address']>;

export type Policy = Json<'/v1/routing/policies/{name}', 'get'>;
export type PolicyBody = Body<'/v1/routing/policies/{name}', 'put'>;
export type Rule = PolicyBody['rules'][number];
export type SimulateBody = Body<'/v1/routing/simulate', 'post'>;
export type Simulation = Json<'/v1/routing/simulate', 'post'>;

export type Carrier = Json<'/v1/carriers/{code}', 'get'>;
export type CarrierBody = Body<'/v1/carriers/{code}', 'put'>;
export type ShippingRules = Json<'/v1/shipping/rules', 'get'>;

export type Box = Json<'/v1/boxes/{code}', 'get'>;
export type BoxBody = Body<'/v1/boxes/{code}', 'put'>;
