/**
 * Routes another branch is adding right now, typed by hand from their agreed contract so a screen
 * can be built against them before they are merged. Each entry overrides the generated one of the
 * same path in `Paths` (client.ts). Delete an entry as soon as its branch is merged and
 * `npm run docs` has put the real route into schema.d.ts. An entry looks like:
 *
 *   '/v1/things/{id}/archive': PathItem<{ post: Operation<{ 200: Json<Thing> }, never, { reason: string }, { id: string }> }>;
 */
export type Json<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
export type Operation<Res, Query = never, Body = never, Path = never> = {
  parameters: { query?: Query; header?: never; cookie?: never } & ([Path] extends [never] ? { path?: never } : { path: Path });
  responses: Res;
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });
type Methods = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export type PathItem<Ops extends Partial<Record<Methods, unknown>>> = { parameters: { query?: never; header?: never; path?: never; cookie?: never } } & {
  [M in Methods]: M extends keyof Ops ? Ops[M] : never;
};

// Nothing pending: every route the console calls is in schema.d.ts.
export type PendingPaths = Record<never, never>;
