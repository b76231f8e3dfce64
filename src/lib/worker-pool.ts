/**
 * A small pool of worker threads answering `{ id, ...request }` messages with `{ id, result }` or
 * `{ id, error }`, the one shape every worker here speaks. What the pool owns, so the measurers
 * and the ref scanner do not each redo it:
 *
 * - start on first use, from a plain-JavaScript entry (worker-entry.ts), at most `size` workers;
 *   a request goes to an idle worker, else starts one while there is room, else joins the
 *   shortest queue (or, with `sticky`, always worker 0: a worker that keeps state between jobs);
 * - a worker is referenced only while it has requests, so an idle pool never keeps the process
 *   alive and a pending request does;
 * - a worker idle for `idleMs` is stopped: its memory (code, models, caches) goes back to the
 *   system after a burst, and the next request starts a fresh one;
 * - a failed worker (crash, exit, out of memory) rejects its own requests, and a later request
 *   starts a new one; close() rejects everything in flight at once.
 */
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { workerEntry } from './worker-entry.js';

export type WorkerReply<R> = { id: number; result: R } | { id: number; error: string };

export interface WorkerPoolOptions {
  /** Most workers at once. */
  size: number;
  /** The worker's TypeScript entry (bundled), and the .mjs shim that registers tsx (the fallback). */
  entry: URL;
  shim: URL;
  /** Stop a worker after this long without requests (default 30 s; 0: never). */
  idleMs?: number;
  /** Route every request to one worker (size must be 1): for workers that keep state between jobs. */
  sticky?: boolean;
  resourceLimits?: ResourceLimits;
  /** Prefix of failure messages ("ref scan failed"). */
  name: string;
}

interface Pending<R> {
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

interface Slot<R> {
  worker: Worker | null;
  ready: Promise<Worker>;
  waiting: Map<number, Pending<R>>;
  idleTimer: NodeJS.Timeout | null;
  failed: boolean;
}

export class WorkerPool<Q extends object, R> {
  private readonly slots: Array<Slot<R> | null>;
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: WorkerPoolOptions) {
    this.slots = new Array<Slot<R> | null>(Math.max(1, o.size)).fill(null);
  }

  /** Sends one request; resolves with the worker's result, rejects with its error or failure. */
  request(req: Q, transfer: readonly TransferListItem[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`${this.o.name}: the pool was closed`));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.waiting.set(id, { resolve, reject });
      if (slot.worker && slot.waiting.size === 1) slot.worker.ref();
      slot.ready.then(
        (w) => {
          if (slot.waiting.has(id)) w.postMessage({ id, ...req }, [...transfer]);
        },
        (e: unknown) => this.fail(slot, e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  /** Requests in flight (all workers). */
  get pending(): number {
    return this.slots.reduce((n, s) => n + (s?.waiting.size ?? 0), 0);
  }

  /** Workers running now (started, not stopped). */
  get running(): number {
    return this.slots.filter((s) => s !== null).length;
  }

  private pick(): Slot<R> {
    if (this.o.sticky) return this.slots[0] ?? this.start(0);
    let best: Slot<R> | null = null;
    let free = -1;
    for (const [i, s] of this.slots.entries()) {
      if (!s) {
        if (free < 0) free = i;
      } else if (!best || s.waiting.size < best.waiting.size) {
        best = s;
      }
    }
    if (best && (best.waiting.size === 0 || free < 0)) return best;
    return this.start(free);
  }

  private start(index: number): Slot<R> {
    const slot: Slot<R> = { worker: null, ready: null as unknown as Promise<Worker>, waiting: new Map(), idleTimer: null, failed: false };
    slot.ready = workerEntry(this.o.entry, this.o.shim).then((url) => {
      if (slot.failed) throw new Error(`${this.o.name}: the pool was closed`);
      const worker = new Worker(url, { resourceLimits: this.o.resourceLimits });
      slot.worker = worker;
      if (slot.waiting.size === 0) worker.unref();
      worker.on('message', (m: WorkerReply<R>) => this.settle(slot, m));
      worker.on('error', (e) => this.fail(slot, new Error(`${this.o.name}: ${e.message}`)));
      worker.on('messageerror', (e) => this.fail(slot, new Error(`${this.o.name}: ${e.message}`)));
      worker.on('exit', (code) => this.fail(slot, new Error(`${this.o.name}: the worker stopped (exit code ${code})`)));
      return worker;
    });
    this.slots[index] = slot;
    return slot;
  }

  private settle(slot: Slot<R>, m: WorkerReply<R>): void {
    const p = slot.waiting.get(m.id);
    if (!p) return;
    slot.waiting.delete(m.id);
    if (slot.waiting.size === 0) {
      slot.worker?.unref();
      const idleMs = this.o.idleMs ?? 30_000;
      if (idleMs > 0) {
        slot.idleTimer = setTimeout(() => this.stop(slot), idleMs);
        slot.idleTimer.unref();
      }
    }
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.result);
  }

  /** Stops an idle worker (no request is waiting on it). */
  private stop(slot: Slot<R>): void {
    if (slot.waiting.size > 0 || slot.failed) return;
    slot.failed = true;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = null;
    void slot.worker?.terminate();
  }

  private fail(slot: Slot<R>, e: Error): void {
    if (slot.failed) return;
    slot.failed = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = null;
    const waiting = [...slot.waiting.values()];
    slot.waiting.clear();
    for (const p of waiting) p.reject(e);
    void slot.worker?.terminate();
  }

  /** Stops the idle workers now rather than after idleMs (a job done with them; the memory they hold goes back). */
  trim(): void {
    for (const s of this.slots) {
      if (!s || s.waiting.size > 0) continue;
      if (s.idleTimer) clearTimeout(s.idleTimer);
      this.stop(s);
    }
  }

  /** Stops the workers; requests in flight are rejected at once (the app is closing). */
  close(): void {
    this.closed = true;
    for (const s of this.slots) if (s) this.fail(s, new Error(`${this.o.name}: the pool was closed`));
  }
}
