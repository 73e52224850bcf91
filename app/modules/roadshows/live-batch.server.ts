import type { AppContext, Realtime } from "~/utils/context.server";

/** At most this many socket requests share one commit, so one batch never holds the write lock for long. */
export const LIVE_BATCH_MAX = 16;
/**
 * How long one attempt waits for the write lock another process holds (several app processes share the file). Beyond
 * it the batch is tried again a little later instead of blocking this process's event loop in SQLite's busy wait.
 */
const LOCK_WAIT_MS = 20;
/** A batch that cannot get the lock for this long fails (its requests are answered with the error). */
const LOCK_GIVE_UP_MS = 30_000;

const isBusy = (error: unknown) => typeof error === "object" && error !== null && /^SQLITE_BUSY/.test(String((error as { code?: unknown }).code));

type Job = { work: (ctx: AppContext) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void; since: number };
type Emit = (realtime: Realtime) => void;

/**
 * Group commit for the live room's socket requests. With `synchronous = FULL` every transaction is an fsync, and a
 * full room sends hundreds of writes a second (joins are attendance rows, votes, chat): one fsync each made the disk,
 * not the CPU, the limit, and the event loop waited on it. Requests that arrive in the same turn of the event loop now
 * run in one write transaction, each in its own savepoint (one that throws rolls back alone and gets its error), and
 * are committed together with one fsync.
 *
 * The contract is unchanged: a request is answered only after its commit, and what it broadcasts is sent after the
 * commit (emits are held per request and replayed in order once the batch is durable; a request that failed sends
 * nothing). A deferred broadcast a request set up (the vote-count coalescing timer) goes straight out, since by then
 * the request has been committed.
 */
export function createLiveBatcher(ctx: AppContext) {
  let queue: Job[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const jobs = queue.slice(0, LIVE_BATCH_MAX);
    queue = queue.slice(jobs.length);
    if (!jobs.length) return;
    if (queue.length) schedule();
    const outcomes: ({ ok: true; value: unknown; emits: Emit[]; release: () => void } | { ok: false; error: unknown })[] = [];
    const client = ctx.db.$client;
    const busyTimeout = client.pragma("busy_timeout", { simple: true }) as number;
    client.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
    try {
      ctx.db.transaction(
        () => {
          client.pragma(`busy_timeout = ${busyTimeout}`);
          for (const job of jobs) {
            const held = holdingRealtime(ctx.realtime);
            try {
              // A nested transaction is a savepoint: a request that throws undoes only its own writes.
              const value = ctx.db.transaction(() => job.work({ ...ctx, realtime: held.realtime }));
              outcomes.push({ ok: true, value, emits: held.emits, release: held.release });
            } catch (error) {
              held.release();
              outcomes.push({ ok: false, error });
            }
          }
        },
        { behavior: "immediate" },
      );
    } catch (error) {
      client.pragma(`busy_timeout = ${busyTimeout}`);
      // Another process holds the write lock: nothing ran; try the same requests again shortly, first in line.
      if (isBusy(error) && outcomes.length === 0 && Date.now() - jobs[0]!.since < LOCK_GIVE_UP_MS) {
        queue = [...jobs, ...queue];
        setTimeout(schedule, 2 + Math.random() * 8);
        return;
      }
      // The commit itself failed (disk full, lock timeout): nothing of the batch is stored, nothing is sent.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) return job.reject(outcome.error);
      for (const emit of outcome.emits) emit(ctx.realtime);
      outcome.release();
      job.resolve(outcome.value);
    });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    /** Runs `work` in the next group commit; resolves after the commit (and after its broadcasts were sent). */
    run<T>(work: (ctx: AppContext) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject, since: Date.now() });
        schedule();
      });
    },
  };
}

/** A realtime that holds broadcasts until `release` (then passes them straight through). */
function holdingRealtime(target: Realtime) {
  const emits: Emit[] = [];
  let holding = true;
  const via = (emit: Emit) => (holding ? emits.push(emit) : emit(target));
  const realtime: Realtime = {
    toUser: (userId, event, payload) => via((r) => r.toUser(userId, event, payload)),
    toRoom: (room, event, payload) => via((r) => r.toRoom(room, event, payload)),
    toRooms: (rooms, event, payload) => via((r) => r.toRooms(rooms, event, payload)),
    disconnect: (room) => via((r) => r.disconnect(room)),
  };
  return {
    realtime,
    emits,
    release: () => {
      holding = false;
      emits.length = 0;
    },
  };
}
