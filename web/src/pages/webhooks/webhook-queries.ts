import type { paths } from '../../api/schema';

type Ok<P extends keyof paths, M extends 'get'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
export type Endpoint = Ok<'/v1/webhook-endpoints/{id}', 'get'>;
export type Delivery = Ok<'/v1/webhook-deliveries', 'get'>['data'][number];
export type DeliveryDetail = Ok<'/v1/webhook-deliveries/{id}', 'get'>;
