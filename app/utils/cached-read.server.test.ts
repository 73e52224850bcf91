import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureDataVersions, openDatabase, type Db } from "@db/client";
import { migratedDatabase } from "../../test/support/database";
import { TestClock } from "../../test/support/context";
import { cachedRead } from "./cached-read.server";

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.$client.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file with two counted tables and the counters, as migrateDatabase leaves an app database. */
function world() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xj-cached-read-"));
  dirs.push(dir);
  const file = path.join(dir, "app.db");
  const db = openDatabase(file);
  open.push(db);
  db.$client.exec(`
    create table data_versions (table_name text primary key not null, version integer not null default 0);
    create table needs (id integer primary key, amount integer not null);
    create table notes (id integer primary key, body text not null);
    insert into needs (amount) values (100), (200);
  `);
  ensureDataVersions(db.$client);
  const clock = new TestClock(Date.parse("2026-03-02T10:00:00+08:00"));
  return { file, db, clock, ctx: { db, clock } };
}

/** A derived read that counts how often it really ran. */
function totalOfNeeds(w: ReturnType<typeof world>) {
  let runs = 0;
  const read = () =>
    cachedRead(w.ctx, "total", "all", ({ db }) => {
      runs++;
      return db.$client.prepare("select sum(amount) as total from needs").get() as { total: number };
    });
  return { read, runs: () => runs };
}

describe("the change counters", () => {
  it("count every table of a migrated database, in the writing statement's transaction", () => {
    const db = migratedDatabase();
    const sqlite = db.$client;
    const tables = (sqlite.prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite%' and name not in ('__drizzle_migrations', 'data_versions')").all() as { name: string }[]).map((t) => t.name);
    expect(tables.length).toBeGreaterThan(100);
    const counted = (sqlite.prepare("select table_name from data_versions").all() as { table_name: string }[]).map((r) => r.table_name);
    expect(counted.sort()).toEqual([...tables].sort());
    const triggers = new Set((sqlite.prepare("select tbl_name || ':' || name as t from sqlite_schema where type = 'trigger'").all() as { t: string }[]).map((r) => r.t));
    for (const table of tables) for (const event of ["insert", "update", "delete"]) expect(triggers.has(`${table}:data_version_${table}_${event}`), `${table} ${event}`).toBe(true);

    const version = (table: string) => (sqlite.prepare("select version from data_versions where table_name = ?").get(table) as { version: number }).version;
    const [prefectures, users] = [version("prefectures"), version("users")];
    sqlite.prepare("update prefectures set name_en = name_en where code = '6501'").run();
    expect(version("prefectures")).toBe(prefectures + 1);
    expect(version("users")).toBe(users);
    expect(() =>
      sqlite.transaction(() => {
        sqlite.prepare("update prefectures set name_en = name_en").run();
        throw new Error("rolled back");
      })(),
    ).toThrow("rolled back");
    expect(version("prefectures")).toBe(prefectures + 1);
  });

  it("follow a renamed table, and a new table under the old name gets triggers of its own", () => {
    const w = world();
    const sqlite = w.db.$client;
    sqlite.exec("alter table notes rename to old_notes; create table notes (id integer primary key, body text not null);");
    ensureDataVersions(sqlite);
    const version = (table: string) => (sqlite.prepare("select version from data_versions where table_name = ?").get(table) as { version: number }).version;
    const [notes, oldNotes] = [version("notes"), version("old_notes")];
    sqlite.prepare("insert into notes (body) values ('new')").run();
    expect([version("notes"), version("old_notes")]).toEqual([notes + 1, oldNotes]);
    sqlite.prepare("insert into old_notes (body) values ('old')").run();
    expect(version("old_notes")).toBe(oldNotes + 1);
  });

  it("are given back to a table a migration rebuilt, on the next start", () => {
    const w = world();
    w.db.$client.exec("drop trigger data_version_needs_update");
    ensureDataVersions(w.db.$client);
    ensureDataVersions(w.db.$client);
    const before = (w.db.$client.prepare("select version from data_versions where table_name = 'needs'").get() as { version: number }).version;
    w.db.$client.prepare("update needs set amount = amount").run();
    expect((w.db.$client.prepare("select version from data_versions where table_name = 'needs'").get() as { version: number }).version).toBe(before + 2);
  });
});

describe("cachedRead", () => {
  it("gives the remembered result while nothing it read has changed, and computes afresh after a write to it", () => {
    const w = world();
    const total = totalOfNeeds(w);
    expect(total.read()).toEqual({ total: 300 });
    expect(total.read()).toBe(total.read());
    expect(total.runs()).toBe(1);

    w.db.$client.prepare("insert into notes (body) values ('unrelated')").run();
    expect(total.read()).toEqual({ total: 300 });
    expect(total.runs()).toBe(1);

    w.db.$client.prepare("update needs set amount = 150 where id = 1").run();
    expect(total.read()).toEqual({ total: 350 });
    expect(total.runs()).toBe(2);
  });

  it("sees another process's writes: the counters live in the database", () => {
    const w = world();
    const total = totalOfNeeds(w);
    expect(total.read()).toEqual({ total: 300 });
    const other = openDatabase(w.file);
    open.push(other);
    other.$client.prepare("delete from needs where id = 2").run();
    expect(total.read()).toEqual({ total: 100 });
  });

  it("keeps results apart by key and by day, and the computation sees the start of the day, not the hour", () => {
    const w = world();
    const seen: number[] = [];
    const read = (key: string) =>
      cachedRead(w.ctx, "by-key", key, ({ db, clock }) => {
        seen.push(clock.now());
        return (db.$client.prepare("select count(*) as n from needs where amount >= ?").get(Number(key)) as { n: number }).n;
      });
    expect([read("100"), read("200"), read("100")]).toEqual([2, 1, 2]);
    expect(seen).toEqual([Date.parse("2026-03-02T00:00:00+08:00"), Date.parse("2026-03-02T00:00:00+08:00")]);
    w.clock.advance(13 * 3600_000); // 23:00 the same day
    read("100");
    expect(seen).toHaveLength(2);
    w.clock.advance(3600_000); // the next day in Shanghai
    read("100");
    expect(seen).toEqual([...seen.slice(0, 2), Date.parse("2026-03-03T00:00:00+08:00")]);
  });

  it("remembers nothing inside a transaction, for a computation that writes, or that read a table without a counter", () => {
    const w = world();
    const total = totalOfNeeds(w);
    w.db.$client.transaction(() => {
      total.read();
      total.read();
    })();
    expect(total.runs()).toBe(2);

    let writes = 0;
    const writing = () => cachedRead(w.ctx, "writing", "", ({ db }) => db.$client.prepare("insert into notes (body) values (?)").run(String(++writes)).changes);
    writing();
    writing();
    expect(writes).toBe(2);

    w.db.$client.exec("create table loose (id integer primary key)");
    let loose = 0;
    const reading = () => cachedRead(w.ctx, "loose", "", ({ db }) => (loose++, db.$client.prepare("select count(*) as n from loose").get()));
    reading();
    reading();
    expect(loose).toBe(2);
  });

  it("makes an outer read depend on what a read inside it read, even one the inner read remembered", () => {
    const w = world();
    let inner = 0;
    let outer = 0;
    const notes = () => cachedRead(w.ctx, "inner", "", ({ db }) => (inner++, db.$client.prepare("select count(*) as n from notes").get() as { n: number }));
    const read = () =>
      cachedRead(w.ctx, "outer", "", ({ db }) => {
        outer++;
        return { notes: notes().n, needs: (db.$client.prepare("select count(*) as n from needs").get() as { n: number }).n };
      });
    expect(notes()).toEqual({ n: 0 }); // remembered on its own before the outer read asks for it
    expect(read()).toEqual({ notes: 0, needs: 2 });
    expect(read()).toEqual({ notes: 0, needs: 2 });
    expect(outer).toBe(1);
    w.db.$client.prepare("insert into notes (body) values ('x')").run();
    expect(read()).toEqual({ notes: 1, needs: 2 });
    expect(outer).toBe(2);
    expect(inner).toBe(3); // alone, then inside each of the outer read's two computations
  });

  it("freezes what it remembers outside production, so a caller that changes a shared result fails", () => {
    const w = world();
    const rows = cachedRead(w.ctx, "rows", "", ({ db }) => db.$client.prepare("select id, amount from needs order by id").all() as { id: number; amount: number }[]);
    expect(() => rows.push({ id: 3, amount: 1 })).toThrow(TypeError);
    expect(() => {
      rows[0]!.amount = 1;
    }).toThrow(TypeError);
  });

  it("refuses a computation that is not synchronous", () => {
    const w = world();
    expect(() => cachedRead(w.ctx, "async", "", async () => 1)).toThrow("synchronous");
  });
});
