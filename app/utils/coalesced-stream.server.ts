import { Writable } from "node:stream";

/**
 * The body of a streamed page. React writes what it has rendered as many small chunks (2 KB each) in one synchronous
 * pass, and the Express adapter writes each chunk it reads to the response and flushes it through compression (a
 * zlib sync flush per chunk): a signed-in page of 25 KB cost a dozen stream hops and flushes. Here the chunks
 * written in one pass reach the stream as one; a later pass (a Suspense boundary resolving) is a chunk of its own,
 * so a page still streams. A reader that goes away (the client disconnected) destroys the sink, which makes React
 * stop rendering, as the PassThrough this replaces did.
 */
export function coalescedStream(): { sink: Writable; stream: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let pending: Buffer[] = [];
  let scheduled = false;
  const handOn = () => {
    scheduled = false;
    if (!open || pending.length === 0) return;
    controller.enqueue(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
    pending = [];
  };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(handOn);
      }
      callback();
    },
    final(callback) {
      handOn();
      if (open) controller.close();
      open = false;
      callback();
    },
    destroy(error, callback) {
      if (open && error) controller.error(error);
      open = false;
      callback(error);
    },
  });
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      open = false;
      sink.destroy();
    },
  });
  return { sink, stream };
}
