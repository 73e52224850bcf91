/**
 * A request body that does not parse as the form it claims to be (a multipart body without a boundary, with
 * the wrong boundary or cut short) is the client's mistake: 400, not a 500 from every action that reads it.
 * Every action reads its form through Request#formData (Remix re-creates the Request between the adapter and
 * the action, so the one place that sees them all is the method itself); installed once by server.ts.
 */
let installed = false;

export function answerMalformedFormsWith400(): void {
  if (installed) return;
  installed = true;
  const parse = Request.prototype.formData;
  Object.defineProperty(Request.prototype, "formData", {
    configurable: true,
    writable: true,
    value: async function formData(this: Request): Promise<FormData> {
      try {
        return await parse.call(this);
      } catch (error) {
        // undici throws a TypeError for a body that is not the declared form encoding.
        if (error instanceof TypeError) throw new Response("Malformed form body", { status: 400, headers: { "Content-Type": "text/plain" } });
        throw error;
      }
    },
  });
}
