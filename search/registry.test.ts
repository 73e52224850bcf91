import { describe, expect, it, vi } from "vitest";
import { THINGS_SCHEMA } from "./testing/schema";

describe("the search registry", () => {
  it("is one per process: a second copy of the module (the Remix build beside server.ts) sees what the first registered", async () => {
    vi.resetModules();
    const first = await import("./registry");
    first.registerSearchSchema({ ...THINGS_SCHEMA, vocabulary: { groups: [{ words: ["colour", "color"] }] } });
    vi.resetModules();
    const second = await import("./registry");
    expect(second).not.toBe(first);
    expect(second.indexDefinition("things").headline).toEqual(["name"]);
    expect(second.synonymGroups().map((g) => g.words)).toEqual([["colour", "color"]]);
    expect(second.registeredMeiliSynonyms()).toMatchObject({ colour: ["color"], color: ["colour"] });
  });

  it("refuses an index nobody registered, and replaces a registration with a different schema", async () => {
    const registry = await import("./registry");
    registry.registerSearchSchema(THINGS_SCHEMA);
    expect(registry.synonymGroups()).toEqual([]);
    expect(() => registry.indexDefinition("other")).toThrow(/not registered/);
    registry.registerSearchSchema({ ...THINGS_SCHEMA, documentsVersion: 7 });
    expect(registry.documentsVersion()).toBe(7);
    expect(registry.isRegisteredIndex("things")).toBe(true);
  });
});
