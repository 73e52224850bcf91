import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DomainError, NotFoundError } from "./errors";
import { handleUpload, uploadedFile, uploadedFiles } from "./uploads.server";

const post = (fields: Record<string, string | File | File[]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return new Request("http://localhost/upload/things", { method: "POST", body: fd });
};
const file = (bytes: number[] | Uint8Array, name = "a.pdf") => new File([new Uint8Array(bytes)], name);
const schema = z.object({ title: z.string({ required_error: "t:title" }).min(2, "t:title"), file: uploadedFile("t:missing") });
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("expected a refusal");
};

describe("handleUpload: one zod schema over the fields and the file, with the part limit and the content check", () => {
  it("hands the handler the fields and the file's name and bytes", async () => {
    const run = vi.fn((_value: unknown) => "done");
    expect(await handleUpload(post({ title: "报告", file: file([1, 2, 3], "季报.pdf") }), schema, run)).toBe("done");
    expect(run.mock.calls[0]![0]).toEqual({ title: "报告", file: { fileName: "季报.pdf", bytes: new Uint8Array([1, 2, 3]) } });
  });

  it("refuses a part over the limit while it streams in, with the route's message, and never runs the handler", async () => {
    const run = vi.fn();
    const reply = await handleUpload(post({ title: "报告", file: file(new Uint8Array(2048)) }), schema, run, { maxBytes: 1024, tooLarge: { key: "t:tooLarge", values: { kb: 1 } } });
    expect(reply).toMatchObject({ status: "error", error: { file: ['t:tooLarge|{"kb":1}'] } });
    // Without a message of its own: the common one, in MB.
    expect(await handleUpload(post({ title: "报告", file: file(new Uint8Array(2048)) }), schema, run, { maxBytes: 1024 })).toMatchObject({ error: { file: ["common:validation.fileTooLarge|{\"maxMb\":0}"] } });
    // Exactly at the limit is accepted.
    await handleUpload(post({ title: "报告", file: file(new Uint8Array(1024)) }), schema, run, { maxBytes: 1024 });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("a page of toasts gets the refusal (field named) instead of a reply", async () => {
    const refuseWith = vi.fn(({ key, values }: { key: string; values: Record<string, string | number> }) => Response.json({ ok: false, key, values }, { status: 422 }));
    const thrown = await refusal(handleUpload(post({ title: "报告", file: file(new Uint8Array(2048)) }), schema, vi.fn(), { maxBytes: 1024, tooLarge: { key: "t:tooLarge" }, refuseWith }));
    expect(thrown).toBeInstanceOf(Response);
    expect(await (thrown as Response).json()).toEqual({ ok: false, key: "t:tooLarge", values: { field: "file" } });
    const missing = await refusal(handleUpload(post({ title: "报告" }), schema, vi.fn(), { refuseWith }));
    expect(await (missing as Response).json()).toEqual({ ok: false, key: "t:missing", values: { field: "file" } });
  });

  it("refuses wrong content through the content check, as a field error, before the handler runs", async () => {
    const run = vi.fn();
    const inspect = ({ file: f }: { file: { bytes: Uint8Array } }) => {
      if (f.bytes[0] !== 0x25) throw new DomainError("t:notPdf", {}, "file");
    };
    expect(await handleUpload(post({ title: "报告", file: file([0x4d, 0x5a]) }), schema, run, { inspect })).toMatchObject({ status: "error", error: { file: ["t:notPdf"] } });
    expect(run).not.toHaveBeenCalled();
    await handleUpload(post({ title: "报告", file: file([0x25, 0x50]) }), schema, run, { inspect });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("field errors: a bad text field and an absent or empty file each under their own field", async () => {
    const run = vi.fn();
    expect(await handleUpload(post({ title: "x", file: file([]) }), schema, run)).toMatchObject({ status: "error", error: { title: ["t:title"], file: ["t:missing"] } });
    expect(await handleUpload(post({ title: "报告" }), schema, run)).toMatchObject({ error: { file: ["t:missing"] } });
    expect(run).not.toHaveBeenCalled();
  });

  it("the service's errors take handleForm's path: a domain error under its field, 404 as the HTTP error", async () => {
    const reply = await handleUpload(post({ title: "报告", file: file([1]) }), schema, () => {
      throw new DomainError("t:fileType", {}, "file");
    });
    expect(reply).toMatchObject({ error: { file: ["t:fileType"] } });
    const thrown = await refusal(
      handleUpload(post({ title: "报告", file: file([1]) }), schema, () => {
        throw new NotFoundError();
      }),
    );
    expect(thrown).toMatchObject({ init: { status: 404 } });
  });

  it("repeated file parts become a list, empty ones left out", async () => {
    const run = vi.fn((_value: unknown) => null);
    await handleUpload(post({ attachment: [file([1], "a.pdf"), file([], ""), file([2], "b.png")] }), z.object({ attachment: uploadedFiles() }), run);
    expect(run.mock.calls[0]![0]).toEqual({ attachment: [{ fileName: "a.pdf", bytes: new Uint8Array([1]) }, { fileName: "b.png", bytes: new Uint8Array([2]) }] });
    await handleUpload(post({ note: "x" }), z.object({ attachment: uploadedFiles() }), run);
    expect(run.mock.calls[1]![0]).toEqual({ attachment: [] });
  });

  it("a body that is not multipart is the client's mistake: 400", async () => {
    const req = new Request("http://localhost/upload/things", { method: "POST", body: "title=x", headers: { "Content-Type": "multipart/form-data" } });
    const thrown = await refusal(handleUpload(req, schema, vi.fn()));
    expect((thrown as Response).status).toBe(400);
  });
});
