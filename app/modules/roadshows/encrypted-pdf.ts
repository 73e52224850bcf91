import crypto from "node:crypto";

/**
 * A really encrypted one-page PDF (Standard security handler, V2/R3, 128-bit RC4), written by hand so the
 * upload check is tested against the real thing rather than a trailer that merely names /Encrypt.
 * Node's OpenSSL 3 ships RC4 only in the legacy provider, so the cipher is implemented here (it is a
 * test fixture builder; nothing in the app decrypts with it). Algorithms 1, 2, 3 and 5 of ISO 32000-1 §7.6.
 */

const PASSWORD_PAD = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");
const KEY_BYTES = 16;
const PERMISSIONS = -3904; // print and copy off: what a cautious owner would set

export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => {
  const h = crypto.createHash("md5");
  for (const p of parts) h.update(p);
  return h.digest();
};
const padded = (password: string) => Buffer.concat([Buffer.from(password, "latin1"), PASSWORD_PAD]).subarray(0, 32);
const xorKey = (key: Buffer, i: number) => Buffer.from(key.map((b) => b ^ i));

/** R3: the RC4 pass and 19 more passes with the key XOR-ed by the pass number. */
function rc4TwentyPasses(key: Buffer, data: Buffer): Buffer {
  let x = rc4(key, data);
  for (let i = 1; i <= 19; i++) x = rc4(xorKey(key, i), x);
  return x;
}

function ownerEntry(ownerPassword: string, userPassword: string): Buffer {
  let h = md5(padded(ownerPassword));
  for (let i = 0; i < 50; i++) h = md5(h);
  return rc4TwentyPasses(h.subarray(0, KEY_BYTES), padded(userPassword));
}

function fileKey(userPassword: string, owner: Buffer, id: Buffer): Buffer {
  const p = Buffer.alloc(4);
  p.writeInt32LE(PERMISSIONS);
  let h = md5(padded(userPassword), owner, p, id);
  for (let i = 0; i < 50; i++) h = md5(h.subarray(0, KEY_BYTES));
  return h.subarray(0, KEY_BYTES);
}

function userEntry(key: Buffer, id: Buffer): Buffer {
  return Buffer.concat([rc4TwentyPasses(key, md5(PASSWORD_PAD, id)), Buffer.alloc(16)]);
}

/** Algorithm 1: each string and stream is encrypted with a key derived from the file key and its object number. */
function objectCipher(key: Buffer, objectNumber: number, data: Buffer): Buffer {
  const ref = Buffer.from([objectNumber & 0xff, (objectNumber >> 8) & 0xff, (objectNumber >> 16) & 0xff, 0, 0]);
  return rc4(md5(key, ref).subarray(0, Math.min(KEY_BYTES + 5, 16)), data);
}

/**
 * `userPassword` empty: anyone can open the file (the usual "owner password only" deck), yet every string
 * and stream is ciphertext. `userPassword` set: nothing can be read without it.
 */
export function buildEncryptedPdf(opts: { text: string; title: string; userPassword: string; ownerPassword: string }): Uint8Array {
  const id = crypto.randomBytes(16);
  const owner = ownerEntry(opts.ownerPassword, opts.userPassword);
  const key = fileKey(opts.userPassword, owner, id);
  const user = userEntry(key, id);
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = objectCipher(key, 4, Buffer.from(`BT /F1 36 Tf 60 300 Td (${escape(opts.text)}) Tj ET`, "latin1"));
  const title = objectCipher(key, 7, Buffer.from(opts.title, "latin1")).toString("hex");
  const objects: (string | Buffer)[][] = [
    ["<< /Type /Catalog /Pages 2 0 R >>"],
    ["<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 960 540] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"],
    [`<< /Length ${content.length} >>\nstream\n`, content, "\nendstream"],
    ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
    [`<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${PERMISSIONS} /O <${owner.toString("hex")}> /U <${user.toString("hex")}> >>`],
    [`<< /Title <${title}> >>`],
  ];
  const chunks: Buffer[] = [Buffer.from("%PDF-1.6\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = chunks[0]!.length;
  const offsets: number[] = [];
  const push = (b: Buffer) => {
    chunks.push(b);
    length += b.length;
  };
  objects.forEach((parts, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n`, "latin1"));
    for (const part of parts) push(typeof part === "string" ? Buffer.from(part, "latin1") : part);
    push(Buffer.from("\nendobj\n", "latin1"));
  });
  const xref = length;
  const rows = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  const hexId = id.toString("hex");
  push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R /Encrypt 6 0 R /ID [<${hexId}> <${hexId}>] >>\nstartxref\n${xref}\n%%EOF\n`,
      "latin1",
    ),
  );
  return new Uint8Array(Buffer.concat(chunks));
}
