/**
 * The `eventually` of unit and integration tests: resolves with the first truthy value `check` returns (background
 * work such as an import's validation, a socket's delivery, a log line), or fails after `ms`. It waits on the
 * condition, never for a fixed time. Browser journeys use the Playwright-flavoured one in test/e2e/support.ts.
 */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
