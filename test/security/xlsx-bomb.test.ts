// ASVS V5.2.3 (compressed files): an XLSX is unpacked against a bound on the bytes it actually inflates to, not on
// the sizes its zip directory declares.
import zlib from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { makeRound } from "@test/support/board";
import { validateBureauList, zipInflatedWithin } from "~/modules/board/xlsx-import.server";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "@test/support/context";
import { makeActor } from "@test/support/actors";

/** One deflated entry whose directory lies about its unpacked size (1,000 bytes), as a zip bomb would. */
function lyingZip(unpackedBytes: number): Buffer {
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const content = Buffer.alloc(unpackedBytes, 0x20);
  const data = zlib.deflateRawSync(content, { level: 9 });
  const crc = zlib.crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1000, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1000, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12);
  eocd.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, eocd]);
}

let ctx: TestContext;
let bureau: Actor;
let roundId: string;

beforeEach(() => {
  ctx = createTestContext();
  bureau = makeActor(ctx, { orgKind: "bureau", prefectureCode: "6501", orgName: "乌鲁木齐市工信局" });
  roundId = makeRound(ctx, "open");
});

describe("zip bombs", () => {
  it("refuses a small file that really inflates past the limit although its directory declares 1,000 bytes", async () => {
    const file = lyingZip(110 * 1024 * 1024);
    expect(file.byteLength).toBeLessThan(300 * 1024);
    const result = await validateBureauList(ctx, bureau, { roundId, file });
    expect(result.errors.map((e) => e.key)).toEqual(["board:import.errors.unpackedTooLarge"]);
  });

  it("stops inflating at the limit", async () => {
    const file = lyingZip(3 * 1024 * 1024);
    await expect(zipInflatedWithin(file, 1024 * 1024)).resolves.toEqual({ ok: false, inflated: 1024 * 1024 + 1 });
    await expect(zipInflatedWithin(file, 4 * 1024 * 1024)).resolves.toEqual({ ok: true, inflated: 3 * 1024 * 1024 });
  });
});
