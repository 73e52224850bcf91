// The chat attachment upload (/upload/messages/:conversationId) through handleUpload: JSON for the live thread's
// socket client (X-Attach-Only), toasts for the plain form, the attachment limit refused while the body streams in.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { messages } from "@db/schema";
import { makeMessagingWorld } from "@test/support/messaging-world";
import { callRoute, createRouteTestContext, sessionCookie } from "@test/support/routes";
import type { TestContext } from "@test/support/context";
import { action as uploadAction } from "~/routes/upload.messages.$conversationId";
import { newId } from "~/utils/ids";
import { startConversation } from "./conversations.server";
import { MAX_ATTACHMENT_BYTES } from "./limits";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]);

let ctx: TestContext;
let w: ReturnType<typeof makeMessagingWorld>;
let conversationId: string;

beforeEach(() => {
  ctx = createRouteTestContext();
  w = makeMessagingWorld(ctx);
  conversationId = startConversation(ctx, w.bank, { subjectType: "general", withOrgId: w.enterprise.orgId }).id;
});

const upload = async (actor: typeof w.bank, fields: Record<string, string | File>, attachOnly: boolean) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return callRoute(ctx, uploadAction, {
    url: `/upload/messages/${conversationId}`,
    cookie: await sessionCookie(ctx, actor),
    params: { conversationId },
    form,
    headers: attachOnly ? { "X-Attach-Only": "1" } : {},
  });
};
const json = async (r: { response: Response | null }) => (await r.response!.json()) as { ok: boolean; attachment?: { id: string; fileName: string }; error?: { message: string; values: Record<string, unknown> } };

describe("chat attachment upload", () => {
  it("answers the live thread in JSON: the stored file, or the refusal with its message", async () => {
    const ok = await upload(w.bank, { file: new File([PNG], "图纸.png") }, true);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ ok: true, attachment: { fileName: "图纸.png" } });

    const renamed = await upload(w.bank, { file: new File([EXE], "报价.png") }, true);
    expect(renamed.status).toBe(422);
    expect(await json(renamed)).toMatchObject({ ok: false, error: { message: "messaging:errors.fileType" } });

    const missing = await upload(w.bank, { body: "见附件" }, true);
    expect(await json(missing)).toMatchObject({ ok: false, error: { message: "messaging:errors.fileMissing" } });

    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PNG);
    const tooLarge = await upload(w.bank, { file: new File([big], "大图.png") }, true);
    expect(tooLarge.status).toBe(422);
    expect(await json(tooLarge)).toMatchObject({ ok: false, error: { message: "messaging:errors.fileTooLarge", values: { maxMb: 10 } } });
  });

  it("from the plain form sends the message with the file, and refuses with a toast on the thread", async () => {
    const clientId = newId();
    const sent = await upload(w.bank, { file: new File([PNG], "图纸.png"), body: "见附件", clientId }, false);
    expect(sent).toMatchObject({ status: 302, location: `/messages/${conversationId}` });
    expect(ctx.db.select().from(messages).where(eq(messages.conversationId, conversationId)).all()).toMatchObject([{ body: "见附件" }]);

    const refused = await upload(w.bank, { file: new File([EXE], "x.png"), body: "再发一次", clientId: newId() }, false);
    expect(refused).toMatchObject({ status: 302, location: `/messages/${conversationId}`, toast: { kind: "error", message: "messaging:errors.fileType" } });
    expect(ctx.db.select().from(messages).where(eq(messages.conversationId, conversationId)).all()).toHaveLength(1);
  });

  it("someone outside the conversation is told it does not exist", async () => {
    expect((await upload(w.otherBank, { file: new File([PNG], "x.png") }, true)).status).toBe(404);
  });
});
