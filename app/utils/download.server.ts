/**
 * A file sent as a download: always an attachment (never rendered inline, whatever its bytes say), with its name in
 * RFC 5987 form so Chinese names survive, no MIME sniffing, and private to the requester. Every stored-file route
 * answers through this, so those rules hold in one place.
 */
export function downloadResponse(
  body: Uint8Array | Buffer | ReadableStream<Uint8Array>,
  file: { fileName: string; mimeType: string; sizeBytes?: number },
  options: { cache?: "no-store" | "private-hour" } = {},
): Response {
  const headers: Record<string, string> = {
    "Content-Type": file.mimeType,
    "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": options.cache === "private-hour" ? "private, max-age=3600" : "private, no-store",
  };
  const size = body instanceof Uint8Array ? body.byteLength : file.sizeBytes;
  if (size !== undefined) headers["Content-Length"] = String(size);
  return new Response(body instanceof ReadableStream ? body : new Uint8Array(body), { headers });
}
