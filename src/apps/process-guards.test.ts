import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { it } from 'node:test';
import { DatabaseOutage } from '../platform/db/outage.js';
import { guardProcess } from './process-guards.js';

function guarded() {
  const events = new EventEmitter();
  const lines: { level: string; msg: string }[] = [];
  const line = (level: string) => (_: Record<string, unknown>, msg: string) => void lines.push({ level, msg });
  const exits: number[] = [];
  guardProcess(events, { info: line('info'), warn: line('warn'), error: line('error'), fatal: line('fatal') }, new DatabaseOutage(), (code) => exits.push(code));
  return { events, lines, exits };
}

it('a lost database connection that reaches the process is logged and the process serves on', () => {
  const g = guarded();
  g.events.emit('uncaughtException', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
  g.events.emit('unhandledRejection', new Error('Connection terminated unexpectedly'));
  assert.deepEqual(g.exits, [], 'no exit');
  assert.deepEqual(g.lines.map((l) => l.level), ['warn', 'error', 'error'], 'the outage once, and each unhandled path');
});

it('anything else that reaches the process is a bug of unknown damage: logged as fatal, exit 1', () => {
  const g = guarded();
  g.events.emit('unhandledRejection', new TypeError("Cannot read properties of undefined (reading 'id')"));
  assert.deepEqual(g.exits, [1]);
  assert.deepEqual(g.lines.map((l) => l.level), ['fatal']);
  const h = guarded();
  h.events.emit('uncaughtException', new RangeError('Maximum call stack size exceeded'));
  assert.deepEqual(h.exits, [1]);
});
